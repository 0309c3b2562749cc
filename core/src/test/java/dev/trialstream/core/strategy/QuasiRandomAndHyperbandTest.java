package dev.trialstream.core.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.trialstream.core.params.ParamName;
import dev.trialstream.core.space.Domain;
import dev.trialstream.core.space.SearchSpace;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuasiRandomAndHyperbandTest {

    private static SearchSpace space() {
        Map<ParamName, Domain> domains = new EnumMap<>(ParamName.class);
        domains.put(ParamName.LEARNING_RATE, new Domain.LogUniform(1e-4, 1.0));
        domains.put(ParamName.NEURONS, new Domain.Choice(List.of(16, 32, 64, 128)));
        return new SearchSpace(domains);
    }

    @Test
    void quasirandom_radicalInverse() {
        assertThat(QuasiRandomStrategy.radicalInverse(1, 2)).isEqualTo(0.5);
        assertThat(QuasiRandomStrategy.radicalInverse(6, 2)).isEqualTo(0.375);
        assertThat(QuasiRandomStrategy.radicalInverse(5, 3)).isCloseTo(7.0 / 9, within(1e-12));
    }

    @Test
    void quasirandom_coversEveryStratumEvenly() {
        // learningRate is the 6th parameter: Halton base 13, so 13 consecutive points fall one to
        // each thirteenth of the (log) range; random draws would leave some empty and double others.
        List<TrialPlan> plans = new QuasiRandomStrategy(space(), 13, 3).initialTrials();

        java.util.Set<Integer> strata = new java.util.HashSet<>();
        for (TrialPlan plan : plans) {
            double u = (Math.log10(plan.params().learningRate()) + 4) / 4;
            strata.add(Math.min(12, (int) Math.floor(u * 13 + 1e-9)));
        }
        assertThat(strata).hasSize(13);
        // neurons is the 2nd parameter (base 3): 12 points spread 3 to each of the 4 choices.
        int[] choices = new int[4];
        new QuasiRandomStrategy(space(), 12, 3).initialTrials()
                .forEach(p -> choices[List.of(16, 32, 64, 128).indexOf(p.params().neurons())]++);
        assertThat(java.util.Arrays.stream(choices).boxed().toList()).allSatisfy(n -> assertThat(n).isBetween(2, 4));
    }

    @Test
    void quasirandom_isSeeded() {
        assertThat(new QuasiRandomStrategy(space(), 8, 1).initialTrials())
                .isEqualTo(new QuasiRandomStrategy(space(), 8, 1).initialTrials())
                .isNotEqualTo(new QuasiRandomStrategy(space(), 8, 2).initialTrials());
    }

    @Test
    void hyperband_bracketsFollowEtaAndCoverTheBudget() {
        HyperbandStrategy hyperband = new HyperbandStrategy(space(), 40, 0, 100, 1, 3);

        assertThat(hyperband.brackets()).isEqualTo(5);
        int[] count = new int[5];
        for (int i = 0; i < 40; i++) {
            count[hyperband.bracket(i)]++;
        }
        // min epochs 1, 4, 11, 33, 100; the aggressive brackets get most trials, each gets one.
        assertThat(List.of(hyperband.minEpochs(0), hyperband.minEpochs(1), hyperband.minEpochs(2),
                hyperband.minEpochs(3), hyperband.minEpochs(4))).containsExactly(1, 4, 11, 33, 100);
        assertThat(java.util.Arrays.stream(count).boxed().toList()).allSatisfy(n -> assertThat(n).isPositive());
        assertThat(count[0]).isGreaterThan(count[4]);
        assertThat(count[0] + count[1] + count[2] + count[3] + count[4]).isEqualTo(40);
        assertThat(hyperband.initialTrials()).hasSize(40);
    }
}
