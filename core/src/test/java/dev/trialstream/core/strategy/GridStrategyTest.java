package dev.trialstream.core.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.params.Optimizer;
import dev.trialstream.core.params.ParamName;
import dev.trialstream.core.space.Domain;
import dev.trialstream.core.space.SearchSpace;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class GridStrategyTest {

    /** 3 × 2 × 2 = 12 points. */
    private static final SearchSpace SPACE = new SearchSpace(Map.of(
            ParamName.HIDDEN_LAYERS, new Domain.IntRange(1, 3),
            ParamName.NEURONS, new Domain.Choice(List.of(32, 64)),
            ParamName.OPTIMIZER, new Domain.Choice(List.of(Optimizer.ADAM, Optimizer.SGD))));

    private static String point(Hyperparameters p) {
        return p.hiddenLayers() + "/" + p.neurons() + "/" + p.optimizer().wireName();
    }

    @Test
    void grid_enumeratesEveryPointInOrder() {
        GridStrategy grid = new GridStrategy(SPACE, OptionalInt.empty(), false, 0);

        List<TrialPlan> trials = grid.initialTrials();

        assertThat(grid.pointCount()).isEqualTo(12);
        assertThat(grid.budget()).isEqualTo(12);
        assertThat(grid.adaptive()).isFalse();
        assertThat(trials).extracting(TrialPlan::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        assertThat(trials).extracting(t -> point(t.params())).containsExactly(
                "1/32/adam", "1/32/sgd", "1/64/adam", "1/64/sgd",
                "2/32/adam", "2/32/sgd", "2/64/adam", "2/64/sgd",
                "3/32/adam", "3/32/sgd", "3/64/adam", "3/64/sgd");
        assertThat(grid.describe()).isEqualTo("grid: 12 trials over 12 points");
    }

    @Test
    void grid_fixedParametersKeepTheirValue() {
        List<TrialPlan> trials = new GridStrategy(SPACE, OptionalInt.empty(), false, 0).initialTrials();

        assertThat(trials).allSatisfy(t -> {
            assertThat(t.params().learningRate()).isEqualTo(Hyperparameters.DEFAULTS.learningRate());
            assertThat(t.params().batchSize()).isEqualTo(Hyperparameters.DEFAULTS.batchSize());
        });
    }

    @Test
    void grid_refusesBudgetItCannotFill() {
        assertThatThrownBy(() -> new GridStrategy(SPACE, OptionalInt.of(20), false, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("grid has 12 points, cannot fill a budget of 20");
        assertThatThrownBy(() -> new GridStrategy(SPACE, OptionalInt.of(20), true, 0))
                .hasMessage("grid has 12 points, cannot fill a budget of 20");
    }

    @Test
    void grid_refusesSmallerBudgetUnlessSampling() {
        assertThatThrownBy(() -> new GridStrategy(SPACE, OptionalInt.of(5), false, 0)).hasMessage(
                "grid has 12 points, more than a budget of 5; set sample: true to run a seeded sample of 5 of them");
    }

    @Test
    void grid_sampleIsSeededDistinctAndInGridOrder() {
        List<String> all = new GridStrategy(SPACE, OptionalInt.empty(), false, 0).initialTrials().stream()
                .map(t -> point(t.params())).toList();

        GridStrategy sampled = new GridStrategy(SPACE, OptionalInt.of(5), true, 11);
        List<String> points = sampled.initialTrials().stream().map(t -> point(t.params())).toList();

        assertThat(points).hasSize(5).doesNotHaveDuplicates();
        assertThat(points).isSubsetOf(all);
        assertThat(points.stream().map(all::indexOf).toList()).isSorted();
        assertThat(new GridStrategy(SPACE, OptionalInt.of(5), true, 11).initialTrials()).isEqualTo(sampled.initialTrials());
        assertThat(sampled.describe()).isEqualTo("grid: seeded sample of 5 of 12 points, seed 11");
    }

    @Test
    void grid_sampleDependsOnSeed() {
        List<List<String>> samples = new java.util.ArrayList<>();
        for (long seed = 0; seed < 5; seed++) {
            samples.add(new GridStrategy(SPACE, OptionalInt.of(4), true, seed).initialTrials().stream()
                    .map(t -> point(t.params())).toList());
        }
        assertThat(new HashSet<>(samples)).hasSizeGreaterThan(1);
    }

    @Test
    void grid_trialSeedsDistinctAndFromSearchSeed() {
        List<Long> seeds = new GridStrategy(SPACE, OptionalInt.empty(), false, 5).initialTrials().stream()
                .map(TrialPlan::seed).toList();
        List<Long> otherSeeds = new GridStrategy(SPACE, OptionalInt.empty(), false, 6).initialTrials().stream()
                .map(TrialPlan::seed).toList();

        assertThat(seeds).doesNotHaveDuplicates();
        assertThat(otherSeeds).doesNotContainAnyElementsOf(seeds);
    }

    @Test
    void grid_continuousDomainRefused() {
        SearchSpace space = new SearchSpace(Map.of(ParamName.DROPOUT, new Domain.Uniform(0, 0.5)));

        assertThatThrownBy(() -> new GridStrategy(space, OptionalInt.empty(), false, 0))
                .hasMessage("a grid cannot enumerate dropout (uniform); use fixed, choice or intRange");
    }
}
