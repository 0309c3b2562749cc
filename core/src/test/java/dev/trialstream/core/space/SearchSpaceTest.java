package dev.trialstream.core.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trialstream.core.params.Activation;
import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.params.Optimizer;
import dev.trialstream.core.params.ParamName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {

    @Test
    void space_missingParametersAreFixedAtDefaults() {
        SearchSpace space = new SearchSpace(Map.of(ParamName.NEURONS, new Domain.Choice(List.of(16, 32))));

        assertThat(space.domains()).hasSize(ParamName.values().length);
        assertThat(space.domain(ParamName.HIDDEN_LAYERS)).isEqualTo(new Domain.Fixed(2));
        assertThat(space.domain(ParamName.OPTIMIZER)).isEqualTo(new Domain.Fixed(Optimizer.ADAM));
        assertThat(space.domain(ParamName.NEURONS)).isEqualTo(new Domain.Choice(List.of(16, 32)));
        assertThat(new ArrayList<>(space.domains().keySet())).containsExactly(ParamName.values());
    }

    @Test
    void space_valuesConvertedToParameterType() {
        SearchSpace loose = new SearchSpace(Map.of(
                ParamName.NEURONS, new Domain.Choice(List.of(64.0, "128")),
                ParamName.ACTIVATION, new Domain.Fixed("ReLU")));
        SearchSpace typed = new SearchSpace(Map.of(
                ParamName.NEURONS, new Domain.Choice(List.of(64, 128)),
                ParamName.ACTIVATION, new Domain.Fixed(Activation.RELU)));

        assertThat(loose).isEqualTo(typed);
    }

    @Test
    void space_wrongDomainForKind() {
        assertThatThrownBy(() -> new SearchSpace(Map.of(ParamName.HIDDEN_LAYERS, new Domain.Uniform(1, 3))))
                .hasMessage("space.hiddenLayers: hiddenLayers takes integers: use fixed, choice or intRange, found uniform");
        assertThatThrownBy(() -> new SearchSpace(Map.of(ParamName.OPTIMIZER, new Domain.IntRange(1, 3))))
                .hasMessage("space.optimizer: optimizer is categorical: use fixed or choice, found intRange");
    }

    @Test
    void space_rangeOutsideParameterBounds() {
        assertThatThrownBy(() -> new SearchSpace(Map.of(ParamName.DROPOUT, new Domain.Uniform(0, 1))))
                .hasMessage("space.dropout: dropout must be in [0, 1), found 1.0");
        assertThatThrownBy(() -> new SearchSpace(Map.of(ParamName.HIDDEN_LAYERS, new Domain.IntRange(1, 20, 1))))
                .hasMessage("space.hiddenLayers: hiddenLayers must be in [1, 16], found 20");
    }

    @Test
    void sampleWith_sameGeneratorStateSameConfiguration() {
        SearchSpace space = new SearchSpace(Map.of(
                ParamName.LEARNING_RATE, new Domain.LogUniform(1e-4, 1e-1),
                ParamName.NEURONS, new Domain.IntRange(8, 512, 8)));

        Hyperparameters first = space.sampleWith(new SplittableRandom(42));
        Hyperparameters second = space.sampleWith(new SplittableRandom(42));

        assertThat(first).isEqualTo(second);
        assertThat(space.sampleWith(new SplittableRandom(43))).isNotEqualTo(first);
    }

    @Test
    void grid_lastParameterVariesFastest() {
        SearchSpace space = new SearchSpace(Map.of(
                ParamName.HIDDEN_LAYERS, new Domain.Choice(List.of(1, 2)),
                ParamName.OPTIMIZER, new Domain.Choice(List.of(Optimizer.ADAM, Optimizer.RMSPROP)),
                ParamName.LEARNING_RATE, new Domain.Choice(List.of(0.001, 0.01))));
        Grid grid = space.grid();

        List<String> points = new ArrayList<>();
        for (long i = 0; i < grid.size(); i++) {
            Hyperparameters p = grid.point(i);
            points.add(p.hiddenLayers() + " " + p.optimizer().wireName() + " " + p.learningRate());
        }

        assertThat(grid.size()).isEqualTo(8);
        assertThat(points).containsExactly(
                "1 adam 0.001", "1 adam 0.01", "1 rmsprop 0.001", "1 rmsprop 0.01",
                "2 adam 0.001", "2 adam 0.01", "2 rmsprop 0.001", "2 rmsprop 0.01");
    }

    @Test
    void grid_continuousDomainNamed() {
        SearchSpace space = new SearchSpace(Map.of(
                ParamName.DROPOUT, new Domain.Uniform(0, 0.5),
                ParamName.LEARNING_RATE, new Domain.LogUniform(1e-4, 1e-1)));

        assertThat(space.continuous()).containsExactly(ParamName.DROPOUT, ParamName.LEARNING_RATE);
        assertThatThrownBy(space::grid).hasMessage(
                "a grid cannot enumerate dropout (uniform), learningRate (logUniform); use fixed, choice or intRange");
    }

    @Test
    void grid_budgetProblems() {
        Grid grid = new SearchSpace(Map.of(
                ParamName.NEURONS, new Domain.Choice(List.of(16, 32, 64)),
                ParamName.BATCH_SIZE, new Domain.IntRange(16, 64, 16))).grid();

        assertThat(grid.size()).isEqualTo(12);
        assertThat(grid.budgetProblem(OptionalInt.of(20), false, 1000))
                .contains("grid has 12 points, cannot fill a budget of 20");
        assertThat(grid.budgetProblem(OptionalInt.of(5), false, 1000))
                .contains("grid has 12 points, more than a budget of 5; set sample: true to run a seeded sample of 5 of them");
        assertThat(grid.budgetProblem(OptionalInt.of(5), true, 1000)).isEmpty();
        assertThat(grid.budgetProblem(OptionalInt.empty(), false, 1000)).isEmpty();
        assertThat(grid.budgetProblem(OptionalInt.empty(), false, 10)).contains(
                "grid has 12 points, more than the limit of 10 trials; set trials and sample: true to run a seeded sample");
    }
}
