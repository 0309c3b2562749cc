package dev.trialstream.core.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DomainTest {

    @Test
    void logUniform_minZero() {
        assertThatThrownBy(() -> new Domain.LogUniform(0, 0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("min must be > 0, found 0");
    }

    @Test
    void uniform_maxNotAboveMin() {
        assertThatThrownBy(() -> new Domain.Uniform(0.5, 0.1))
                .hasMessage("max must be > min, found min 0.5, max 0.1");
    }

    @Test
    void uniform_infiniteBound() {
        assertThatThrownBy(() -> new Domain.Uniform(0, Double.POSITIVE_INFINITY))
                .hasMessage("max must be a finite number, found Infinity");
    }

    @Test
    void intRange_maxBelowMin() {
        assertThatThrownBy(() -> new Domain.IntRange(4, 1, 1)).hasMessage("max must be >= min, found min 4, max 1");
        assertThatThrownBy(() -> new Domain.IntRange(1, 4, 0)).hasMessage("step must be positive, found 0");
    }

    @Test
    void choice_repeatedValue() {
        assertThatThrownBy(() -> new Domain.Choice(List.of(16, 32, 16))).hasMessage("choice lists 16 twice");
        assertThatThrownBy(() -> new Domain.Choice(List.of())).hasMessage("choice needs at least one value");
    }

    @Test
    void intRange_gridValuesFollowStep() {
        Domain.IntRange range = new Domain.IntRange(32, 250, 64);

        assertThat(range.gridValues()).containsExactly(32, 96, 160, 224);
        assertThat(range.count()).isEqualTo(4);
        assertThat(range.last()).isEqualTo(224);
    }

    @Test
    void intRange_samplesEveryValueAndNothingElse() {
        Domain.IntRange range = new Domain.IntRange(1, 7, 3);
        SplittableRandom rng = new SplittableRandom(1);
        Set<Object> seen = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            seen.add(range.sample(rng));
        }
        assertThat(seen).containsExactlyInAnyOrder(1, 4, 7);
    }

    @Test
    void logUniform_samplesStayInBoundsAndSpreadOverDecades() {
        Domain.LogUniform domain = new Domain.LogUniform(1e-4, 1e-1);
        SplittableRandom rng = new SplittableRandom(3);
        int[] perDecade = new int[3];
        for (int i = 0; i < 3000; i++) {
            double value = (Double) domain.sample(rng);
            assertThat(value).isBetween(1e-4, 1e-1);
            perDecade[(int) Math.min(2, Math.floor(Math.log10(value) + 4))]++;
        }
        // Log-uniform: each of the three decades gets about a third, not 90% in the top one.
        assertThat(java.util.Arrays.stream(perDecade).boxed().toList()).allSatisfy(count -> assertThat(count).isBetween(850, 1150));
    }

    @Test
    void uniform_samplesStayInHalfOpenRange() {
        Domain.Uniform domain = new Domain.Uniform(0, 0.5);
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < 1000; i++) {
            assertThat((Double) domain.sample(rng)).isGreaterThanOrEqualTo(0.0).isLessThan(0.5);
        }
    }

    @Test
    void continuousDomain_hasNoGridValues() {
        Domain domain = new Domain.Uniform(0, 1);

        assertThat(domain.enumerable()).isFalse();
        assertThatThrownBy(domain::gridValues).isInstanceOf(IllegalStateException.class)
                .hasMessage("a uniform domain has no grid values");
    }

    @Test
    void fixed_drawsNothingFromTheGenerator() {
        SplittableRandom used = new SplittableRandom(9);
        SplittableRandom fresh = new SplittableRandom(9);

        assertThat(new Domain.Fixed(3).sample(used)).isEqualTo(3);
        assertThat(used.nextLong()).isEqualTo(fresh.nextLong());
    }
}
