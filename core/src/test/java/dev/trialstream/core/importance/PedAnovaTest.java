package dev.trialstream.core.importance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trialstream.core.params.Activation;
import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.params.ParamName;
import dev.trialstream.core.space.Domain;
import dev.trialstream.core.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class PedAnovaTest {

    /** learningRate log-uniform, neurons a choice, activation a choice, dropout uniform. */
    private static final SearchSpace SPACE = new SearchSpace(Map.of(
            ParamName.LEARNING_RATE, new Domain.LogUniform(1e-4, 1e-1),
            ParamName.NEURONS, new Domain.Choice(List.of(8, 16, 32, 64)),
            ParamName.ACTIVATION, new Domain.Choice(List.of("relu", "tanh", "elu")),
            ParamName.DROPOUT, new Domain.Uniform(0.0, 0.5)));

    @Test
    void importance_learningRateDominatesWhenOnlyItMovesTheObjective() {
        // Best at lr = 1e-2, a parabola in log10(lr); the other parameters play no part.
        List<ParamImportance> result = new PedAnova().evaluate(SPACE,
                observations(200, 1, p -> square(Math.log10(p.learningRate()) + 2)));

        assertThat(result).extracting(ParamImportance::param).containsExactlyInAnyOrder(
                ParamName.LEARNING_RATE, ParamName.NEURONS, ParamName.ACTIVATION, ParamName.DROPOUT);
        assertThat(result.get(0).param()).isEqualTo(ParamName.LEARNING_RATE);
        assertThat(result.get(0).importance()).isGreaterThan(0.7);
        assertThat(result.subList(1, result.size())).allSatisfy(i -> assertThat(i.importance()).isLessThan(0.15));
        assertThat(result.stream().mapToDouble(ParamImportance::importance).sum()).isCloseTo(1.0,
                org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void importance_aCategoryThatDecidesTheObjectiveComesFirst() {
        // tanh is the only good activation; learning rate is noise.
        List<ParamImportance> result = new PedAnova().evaluate(SPACE,
                observations(200, 2, p -> p.activation() == Activation.TANH ? 1.0 : 5.0));

        assertThat(result.get(0).param()).isEqualTo(ParamName.ACTIVATION);
        assertThat(result.get(0).importance()).isGreaterThan(0.6);
        assertThat(result).filteredOn(i -> i.param() == ParamName.LEARNING_RATE)
                .singleElement().satisfies(i -> assertThat(i.importance()).isLessThan(0.2));
    }

    @Test
    void importance_fixedParametersAreNotListed() {
        List<ParamImportance> result = new PedAnova().evaluate(SPACE, observations(20, 3, p -> p.learningRate()));

        assertThat(result).extracting(ParamImportance::param).doesNotContain(ParamName.BATCH_SIZE, ParamName.L2);
    }

    @Test
    void importance_tooFewTrials() {
        assertThatThrownBy(() -> new PedAnova().evaluate(SPACE, observations(2, 4, p -> 1.0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("importance needs at least 3 trials, found 2");
    }

    @Test
    void importance_valueOutsideTheDomain() {
        List<Observation> observations = new ArrayList<>(observations(5, 5, p -> 1.0));
        observations.add(new Observation(Hyperparameters.fromMap(Map.of("neurons", 128)), 1.0));

        assertThatThrownBy(() -> new PedAnova().evaluate(SPACE, observations))
                .hasMessage("neurons: 128 is outside the searched domain");
    }

    private static List<Observation> observations(int n, long seed, ToDoubleFunction<Hyperparameters> objective) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Observation> observations = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Hyperparameters params = SPACE.sampleWith(rng);
            observations.add(new Observation(params, objective.applyAsDouble(params)));
        }
        return observations;
    }

    private static double square(double x) {
        return x * x;
    }
}
