package dev.trialstream.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecOverridesTest {

    private static final String GRID = """
            name: small-grid
            data: {dataset: boston}
            strategy: {type: grid}
            space:
              hiddenLayers: [1, 2]
              neurons: [32, 64]
              optimizer: [adam, sgd, rmsprop]
            """;

    private final SpecReader reader = new SpecReader();

    @Test
    void overrides_changeEachField() {
        SearchSpec spec = SearchSpec.defaultFor("boston");

        SearchSpec changed = SpecOverrides.none().withTrials(7).withEpochs(12).withFolds(5).withSeed(99)
                .withPruning("median").applyTo(spec);

        assertThat(changed.strategy()).isEqualTo(new StrategySpec(StrategyType.TPE, OptionalInt.of(7), 99, false));
        assertThat(changed.training()).isEqualTo(new TrainingSpec(12, 0, true, spec.training().finalModels()));
        assertThat(changed.cv()).isEqualTo(new CvSpec(5, 0));
        assertThat(changed.pruning()).isEqualTo(PruningSpec.of(PruningPolicy.MEDIAN));
        assertThat(changed.space()).isEqualTo(spec.space());
        assertThat(changed.data()).isEqualTo(spec.data());
    }

    @Test
    void overrides_noneReturnsSameSpec() {
        SearchSpec spec = SearchSpec.defaultFor("california");

        assertThat(SpecOverrides.none().applyTo(spec)).isSameAs(spec);
    }

    @Test
    void overrides_budgetTheGridCannotFill() {
        SearchSpec grid = reader.read("small-grid.yaml", GRID, null);

        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
                () -> SpecOverrides.none().withTrials(20).applyTo(grid));

        assertThat(e).hasMessage("small-grid: strategy.trials: grid has 12 points, cannot fill a budget of 20");
    }

    @Test
    void overrides_invalidValuesReportedTogether() {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> SpecOverrides.none()
                .withEpochs(0).withFolds(1).withStrategy("annealing").withPruning("sometimes")
                .applyTo(SearchSpec.defaultFor("boston")));

        assertThat(e.problems().stream().map(SpecProblem::toString)).containsExactly(
                "cv.folds: must be >= 2, found 1",
                "strategy.type: must be one of [grid, random, quasirandom, tpe, hyperband], found \"annealing\"",
                "training.maxEpochs: must be positive, found 0",
                "pruning.policy: must be one of [none, median, asha], found \"sometimes\"");
    }

    @Test
    void overrides_switchToGridRunsEveryPoint() {
        SearchSpec random = reader.read("r.yaml", GRID.replace("{type: grid}", "{type: random, trials: 30}"), null);

        SearchSpec grid = SpecOverrides.none().withStrategy("grid").applyTo(random);

        assertThat(grid.strategy()).isEqualTo(new StrategySpec(StrategyType.GRID, OptionalInt.empty(), 0, false));
    }

    @Test
    void overrides_switchSampledGridToRandom() {
        SearchSpec sampled = reader.read("g.yaml", GRID.replace("{type: grid}", "{type: grid, trials: 5, sample: true}"), null);

        SearchSpec random = SpecOverrides.none().withStrategy("random").applyTo(sampled);

        assertThat(random.strategy()).isEqualTo(StrategySpec.random(5, 0));
    }

    @Test
    void overridesOnAFile_giveWhatTheFileLeavesOut(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("no-budget.yaml"), """
                name: no-budget
                data: {dataset: boston}
                strategy: {type: tpe}
                space: {neurons: [32, 64]}
                """);

        SearchSpec spec = reader.read(file, SpecOverrides.none().withTrials(5).withEpochs(7));

        assertThat(spec.strategy().trials()).hasValue(5);
        assertThat(spec.training().maxEpochs()).isEqualTo(7);
        assertThat(catchThrowableOfType(InvalidSpecException.class, () -> reader.read(file)))
                .hasMessageContaining("strategy.trials: required for strategy tpe");
    }

    @Test
    void overridesOnAFile_aProblemInAFieldAFlagSetNamesTheFlag_notTheFilesLine(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("small-grid.yaml"), GRID.replace("{type: grid}", "{type: grid, trials: 4}"));

        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
                () -> reader.read(file, SpecOverrides.none().withTrials(20)));

        assertThat(e.problems()).containsExactly(new SpecProblem("strategy.trials",
                "grid has 12 points, cannot fill a budget of 20 (given by --trials)"));
    }
}
