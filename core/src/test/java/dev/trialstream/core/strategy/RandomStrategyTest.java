package dev.trialstream.core.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trialstream.core.params.Activation;
import dev.trialstream.core.spec.SearchSpec;
import dev.trialstream.core.spec.SpecOverrides;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RandomStrategyTest {

    private final ObjectMapper json = new ObjectMapper();
    /** Boston's default search, drawn at random. */
    private final SearchSpec boston = randomBoston();

    private static SearchSpec randomBoston() {
        return SpecOverrides.none().withStrategy("random").withTrials(20).applyTo(SearchSpec.defaultFor("boston"));
    }

    private List<TrialPlan> trials(SearchSpec spec) {
        return Strategies.create(spec).initialTrials();
    }

    @Test
    void random_sameSpecAndSeedGiveSameTrialsByteForByte() throws Exception {
        byte[] first = json.writeValueAsBytes(trials(boston));
        byte[] second = json.writeValueAsBytes(trials(randomBoston()));

        assertThat(second).isEqualTo(first);
        assertThat(new String(first, java.nio.charset.StandardCharsets.UTF_8)).contains("\"learningRate\":");
    }

    @Test
    void random_differentSeedGivesDifferentTrials() throws Exception {
        SearchSpec reseeded = SpecOverrides.none().withSeed(1).applyTo(boston);

        List<TrialPlan> a = trials(boston);
        List<TrialPlan> b = trials(reseeded);

        assertThat(json.writeValueAsBytes(b)).isNotEqualTo(json.writeValueAsBytes(a));
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).params()).as("trial %d", i).isNotEqualTo(a.get(i).params());
        }
    }

    @Test
    void random_largerBudgetExtendsSmallerOne() {
        List<TrialPlan> twenty = trials(boston);
        List<TrialPlan> fifty = trials(SpecOverrides.none().withTrials(50).applyTo(boston));

        assertThat(fifty).hasSize(50).startsWith(twenty.toArray(TrialPlan[]::new));
    }

    @Test
    void random_trialSeedsDistinct() {
        List<TrialPlan> trials = trials(SpecOverrides.none().withTrials(2000).applyTo(boston));

        assertThat(trials).extracting(TrialPlan::seed).doesNotHaveDuplicates();
        assertThat(trials).extracting(TrialPlan::index).isSorted().doesNotHaveDuplicates().startsWith(0);
    }

    @Test
    void random_valuesStayInTheirDomains() {
        List<TrialPlan> trials = trials(SpecOverrides.none().withTrials(2000).applyTo(boston));
        Set<Integer> neurons = new HashSet<>();
        Set<Activation> activations = EnumSet.noneOf(Activation.class);

        for (TrialPlan trial : trials) {
            var p = trial.params();
            assertThat(p.hiddenLayers()).isBetween(1, 4);
            assertThat(p.dropout()).isGreaterThanOrEqualTo(0.0).isLessThan(0.5);
            assertThat(p.learningRate()).isBetween(1e-4, 1e-1);
            assertThat(p.batchSize()).isIn(16, 32, 64, 128);
            neurons.add(p.neurons());
            activations.add(p.activation());
        }
        assertThat(neurons).containsExactlyInAnyOrder(16, 32, 64, 128, 256);
        assertThat(activations).containsExactlyInAnyOrder(Activation.RELU, Activation.TANH, Activation.ELU);
    }

    @Test
    void random_describesItself() {
        Strategy strategy = Strategies.create(boston);

        assertThat(strategy).isInstanceOf(RandomStrategy.class);
        assertThat(strategy.budget()).isEqualTo(20);
        assertThat(strategy.adaptive()).isFalse();
        assertThat(strategy.next(List.of(), 20, 4)).isEmpty();
        assertThat(strategy.describe()).isEqualTo("random: 20 trials, seed 0");
    }
}
