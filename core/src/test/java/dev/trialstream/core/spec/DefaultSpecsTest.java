package dev.trialstream.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trialstream.core.data.BuiltinDataset;
import dev.trialstream.core.data.DataSpec;
import dev.trialstream.core.params.Activation;
import dev.trialstream.core.params.Optimizer;
import dev.trialstream.core.params.ParamName;
import dev.trialstream.core.space.Domain;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class DefaultSpecsTest {

    @Test
    void defaultFor_bostonIsTpeWithAshaAndTheEnsembleOnThePeerSpace() {
        SearchSpec spec = SearchSpec.defaultFor("boston");

        assertThat(spec.name()).isEqualTo("boston-default");
        assertThat(spec.data()).isEqualTo(DataSpec.builtin("boston"));
        assertThat(spec.strategy()).isEqualTo(new StrategySpec(StrategyType.TPE, OptionalInt.of(40), 0, false));
        assertThat(spec.pruning()).isEqualTo(PruningSpec.of(PruningPolicy.ASHA));
        assertThat(spec.pruning().minEpochs()).isEqualTo(PruningSpec.AUTO);
        assertThat(spec.ensemble()).isEqualTo(EnsembleSpec.defaults());
        assertThat(spec.training().finalModels()).isEqualTo(3);
        assertThat(spec.training().maxEpochs()).isEqualTo(100);
        assertThat(spec.cv().folds()).isEqualTo(3);
        assertThat(spec.space().domain(ParamName.HIDDEN_LAYERS)).isEqualTo(new Domain.IntRange(1, 4, 1));
        assertThat(spec.space().domain(ParamName.OPTIMIZER))
                .isEqualTo(new Domain.Choice(List.of(Optimizer.ADAM, Optimizer.NESTEROV, Optimizer.RMSPROP)));
        assertThat(spec.space().domain(ParamName.ACTIVATION))
                .isEqualTo(new Domain.Choice(List.of(Activation.RELU, Activation.TANH, Activation.ELU)));
        assertThat(spec.space().domain(ParamName.LEARNING_RATE)).isEqualTo(new Domain.LogUniform(1e-4, 1e-1));
    }

    @Test
    void defaultFor_californiaKeepsThirtyTrials_itsTrialsCostFortyTimesBostons() {
        assertThat(SearchSpec.defaultFor("california").strategy().trials()).isEqualTo(OptionalInt.of(30));
    }

    @Test
    void defaultFor_everyBuiltinValidates() {
        for (String dataset : BuiltinDataset.ALL.stream().map(BuiltinDataset::name).toList()) {
            SearchSpec spec = SearchSpec.defaultFor(dataset);
            assertThat(spec.data().dataset()).isEqualTo(dataset);
            assertThat(new SpecReader().read(dataset, new SpecWriter().toJson(spec), null)).isEqualTo(spec);
        }
    }

    @Test
    void defaultFor_unknownDataset() {
        assertThatThrownBy(() -> SearchSpec.defaultFor("iris"))
                .hasMessage("dataset must be one of boston, california, found \"iris\"");
    }
}
