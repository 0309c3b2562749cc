package dev.trialstream.core.spec;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trialstream.core.data.DataSpec;
import dev.trialstream.core.params.ParamName;
import dev.trialstream.core.space.Domain;
import dev.trialstream.core.space.SearchSpace;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SearchSpecTest {

    @Test
    void records_rejectBadValues() {
        assertThatThrownBy(() -> new TrainingSpec(0, 0, true)).hasMessage("maxEpochs must be positive, found 0");
        assertThatThrownBy(() -> new TrainingSpec(10, -1, true)).hasMessage("patience must be >= 0, found -1");
        assertThatThrownBy(() -> new TrainingSpec(10, 0, true, 1, 0)).hasMessage("finalEpochScale must be > 0 and <= 10, found 0.0");
        assertThatThrownBy(() -> new TrainingSpec(10, 0, true, 1, Double.NaN))
                .hasMessage("finalEpochScale must be > 0 and <= 10, found NaN");
        assertThatThrownBy(() -> new CvSpec(1, 0)).hasMessage("folds must be >= 2, found 1");
        assertThatThrownBy(() -> new PruningSpec(PruningPolicy.ASHA, 5, 10, 1, 1)).hasMessage("eta must be >= 2, found 1");
        assertThatThrownBy(() -> new StrategySpec(StrategyType.RANDOM, OptionalInt.empty(), 0, false))
                .hasMessage("trials must be set for strategy random");
        assertThatThrownBy(() -> new StrategySpec(StrategyType.RANDOM, OptionalInt.of(100_001), 0, false))
                .hasMessage("trials must be <= 100000, found 100001");
        assertThatThrownBy(() -> new StrategySpec(StrategyType.RANDOM, OptionalInt.of(3), 0, true))
                .hasMessage("sample applies only to strategy grid, found strategy random");
    }

    @Test
    void searchSpec_rejectsBadName() {
        assertThatThrownBy(() -> spec("-x", StrategySpec.random(3, 0), SearchSpace.defaults()))
                .hasMessage("name must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}, found \"-x\"");
    }

    @Test
    void searchSpec_checksRulesAcrossParts() {
        SearchSpace space = new SearchSpace(Map.of(
                ParamName.NEURONS, new Domain.Choice(List.of(16, 32)),
                ParamName.DROPOUT, new Domain.Uniform(0, 0.3)));

        assertThatThrownBy(() -> spec("g", StrategySpec.grid(0), space))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("g: space.dropout: a grid cannot enumerate a uniform domain;"
                        + " use fixed, choice or intRange, or strategy random");
    }

    private static SearchSpec spec(String name, StrategySpec strategy, SearchSpace space) {
        return new SearchSpec(name, DataSpec.builtin("boston"), CvSpec.defaults(), strategy, TrainingSpec.defaults(),
                PruningSpec.none(), OptionalInt.empty(), space);
    }
}
