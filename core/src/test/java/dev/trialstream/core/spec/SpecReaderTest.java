package dev.trialstream.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.trialstream.core.data.DataSpec;
import dev.trialstream.core.params.Activation;
import dev.trialstream.core.params.Optimizer;
import dev.trialstream.core.params.ParamName;
import dev.trialstream.core.params.WeightInit;
import dev.trialstream.core.space.Domain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecReaderTest {

    /** Data and strategy: the two sections a spec must have besides its space. */
    private static final String NO_SPACE = """
            data: {dataset: boston}
            strategy: {type: random, trials: 5}
            """;

    private static final String DATA_AND_SPACE = "data: {dataset: boston}\nspace: {neurons: [32, 64]}\n";

    private static final String MINIMAL = NO_SPACE + "space: {neurons: [32, 64]}\n";

    private final SpecReader reader = new SpecReader();

    private SearchSpec read(String yaml) {
        return reader.read("t.yaml", yaml, null);
    }

    /** The problems of a spec that must fail, as "path: message". */
    private List<String> problems(String yaml) {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> read(yaml));
        assertThat(e).as("expected the spec to be refused").isNotNull();
        return e.problems().stream().map(SpecProblem::toString).toList();
    }

    @Test
    void spec_minimalTakesDefaults() {
        SearchSpec spec = read(MINIMAL);

        assertThat(spec.name()).isEqualTo("t");
        assertThat(spec.data()).isEqualTo(DataSpec.builtin("boston"));
        assertThat(spec.cv()).isEqualTo(new CvSpec(3, 0));
        assertThat(spec.strategy()).isEqualTo(new StrategySpec(StrategyType.RANDOM, OptionalInt.of(5), 0, false));
        assertThat(spec.training()).isEqualTo(new TrainingSpec(100, 0, true));
        assertThat(spec.pruning()).isEqualTo(new PruningSpec(PruningPolicy.NONE, 5, 10, PruningSpec.AUTO, 3, PruningSpec.AUTO));
        assertThat(spec.parallelism()).isEmpty();
        assertThat(spec.space().domain(ParamName.NEURONS)).isEqualTo(new Domain.Choice(List.of(32, 64)));
        assertThat(spec.space().domain(ParamName.DROPOUT)).isEqualTo(new Domain.Fixed(0.0));
    }

    @Test
    void spec_everyDomainForm() {
        SearchSpec spec = read(NO_SPACE + """
                space:
                  hiddenLayers: {intRange: {min: 1, max: 4}}
                  neurons: [16, 32]
                  dropout: {uniform: {min: 0, max: 0.5}}
                  activation: {choice: [relu, leaky_relu]}
                  optimizer: nesterov
                  learningRate: {logUniform: {min: 1e-4, max: 1e-1}}
                  batchSize: {fixed: 64}
                  weightInit: {choice: [he, glorot_uniform]}
                """);

        assertThat(spec.space().domain(ParamName.HIDDEN_LAYERS)).isEqualTo(new Domain.IntRange(1, 4, 1));
        assertThat(spec.space().domain(ParamName.NEURONS)).isEqualTo(new Domain.Choice(List.of(16, 32)));
        assertThat(spec.space().domain(ParamName.DROPOUT)).isEqualTo(new Domain.Uniform(0, 0.5));
        assertThat(spec.space().domain(ParamName.ACTIVATION))
                .isEqualTo(new Domain.Choice(List.of(Activation.RELU, Activation.LEAKYRELU)));
        assertThat(spec.space().domain(ParamName.OPTIMIZER)).isEqualTo(new Domain.Fixed(Optimizer.NESTEROV));
        assertThat(spec.space().domain(ParamName.LEARNING_RATE)).isEqualTo(new Domain.LogUniform(1e-4, 0.1));
        assertThat(spec.space().domain(ParamName.BATCH_SIZE)).isEqualTo(new Domain.Fixed(64));
        assertThat(spec.space().domain(ParamName.WEIGHT_INIT))
                .isEqualTo(new Domain.Choice(List.of(WeightInit.HE, WeightInit.XAVIER)));
        assertThat(spec.space().domain(ParamName.L2)).isEqualTo(new Domain.Fixed(0.0));
    }

    @Test
    void spec_negativeEpochs() {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> read(MINIMAL + """
                training:
                  maxEpochs: -5
                """));

        assertThat(e.problems()).containsExactly(
                new SpecProblem("training.maxEpochs", "must be positive, found -5", 5, 3));
        assertThat(e).hasMessage("t.yaml:5:3: training.maxEpochs: must be positive, found -5");
    }

    @Test
    void spec_logUniformMinZero() {
        assertThat(problems(NO_SPACE + "space: {learningRate: {logUniform: {min: 0, max: 0.1}}}"))
                .containsExactly("space.learningRate.logUniform: min must be > 0, found 0");
    }

    @Test
    void spec_badActivationName() {
        assertThat(problems(NO_SPACE + "space: {activation: {choice: [relu, tanh, foo]}}")).containsExactly(
                "space.activation.choice[2]: activation must be one of [relu, tanh, sigmoid, elu, leakyrelu, selu],"
                        + " found \"foo\"");
    }

    @Test
    void spec_ensembleIsOnWith25RoundsUnlessTheSpecSaysOtherwise() {
        assertThat(reader.read("t", MINIMAL, null).ensemble()).isEqualTo(new EnsembleSpec(25));
        assertThat(reader.read("t", MINIMAL + "ensemble: {size: 10}", null).ensemble()).isEqualTo(new EnsembleSpec(10));
        assertThat(reader.read("t", MINIMAL + "ensemble: off", null).ensemble().enabled()).isFalse();
        assertThat(problems(MINIMAL + "ensemble: {size: 0}")).containsExactly("ensemble.size: must be positive, found 0");
        assertThat(problems(MINIMAL + "ensemble: 5")).containsExactly("ensemble: must be off or {size: N}, found 5");
        assertThat(reader.read("t", MINIMAL + "ensemble: {size: 25, bags: 20}", null).ensemble())
                .isEqualTo(new EnsembleSpec(25, 20));
        assertThat(problems(MINIMAL + "ensemble: {bags: 0}")).containsExactly("ensemble.bags: must be positive, found 0");
        assertThat(reader.read("t", MINIMAL + "ensemble: {within: 0.5}", null).ensemble()).isEqualTo(new EnsembleSpec(25, 1, 0.5));
        assertThat(reader.read("t", MINIMAL + "ensemble: {within: all}", null).ensemble().within()).isInfinite();
        assertThat(problems(MINIMAL + "ensemble: {within: -1}")).containsExactly("ensemble.within: must be a fraction >= 0 or all, found -1");
        assertThat(problems(MINIMAL + "ensemble: {within: most}")).containsExactly("ensemble.within: must be a fraction >= 0 or all, found \"most\"");
    }

    @Test
    void spec_unknownKey() {
        assertThat(problems(MINIMAL + "training: {maxEpoch: 10}"))
                .containsExactly("training.maxEpoch: unknown field; known: maxEpochs, patience, standardizeTarget,"
                        + " finalModels, finalEpochScale");
        assertThat(problems(MINIMAL + "trainig: {maxEpochs: 10}")).containsExactly(
                "trainig: unknown field; known: name, data, cv, strategy, training, pruning, parallelism, priority, space,"
                        + " ensemble");
        assertThat(problems(NO_SPACE + "space: {learnRate: 0.01}")).containsExactly("space.learnRate: unknown parameter;"
                + " known: hiddenLayers, neurons, dropout, activation, optimizer, learningRate, batchSize,"
                + " weightInit, lrSchedule, l2");
        assertThat(problems(NO_SPACE + "space: {dropout: {normal: {min: 0, max: 1}}}"))
                .containsExactly("space.dropout.normal: unknown domain; known: fixed, choice, intRange, uniform, logUniform");
    }

    @Test
    void spec_wrongDomainForKind() {
        assertThat(problems(NO_SPACE + """
                space:
                  hiddenLayers: {uniform: {min: 1, max: 3}}
                  activation: {intRange: {min: 1, max: 3}}
                  dropout: {intRange: {min: 0, max: 1}}
                """)).containsExactly(
                "space.hiddenLayers.uniform: hiddenLayers takes integers: use fixed, choice or intRange",
                "space.activation.intRange: activation is categorical: use fixed or choice",
                "space.dropout.intRange: dropout takes real numbers: use fixed, choice, uniform or logUniform");
    }

    @Test
    void spec_everyProblemReportedAtOnce() {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> read("""
                name: boston run
                data: {dataset: bostn}
                cv: {folds: 1}
                strategy: {type: random}
                training:
                  maxEpochs: 0
                  patience: -1
                space:
                  neurons: [64, 64.0]
                  learningRate: {logUniform: {min: 0, max: 0.1}}
                  activation: [relu, foo]
                  batchSize: {uniform: {min: 16, max: 64}}
                """));

        assertThat(e.problems().stream().map(SpecProblem::toString)).containsExactly(
                "name: must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}, found \"boston run\"",
                "data.dataset: must be one of boston, california, found \"bostn\"",
                "cv.folds: must be >= 2, found 1",
                "strategy.trials: required for strategy random",
                "training.maxEpochs: must be positive, found 0",
                "training.patience: must be >= 0, found -1",
                "space.neurons[1]: repeats the value at index 0 (64.0)",
                "space.learningRate.logUniform: min must be > 0, found 0",
                "space.activation[1]: activation must be one of [relu, tanh, sigmoid, elu, leakyrelu, selu], found \"foo\"",
                "space.batchSize.uniform: batchSize takes integers: use fixed, choice or intRange");
        assertThat(e.getMessage().lines()).hasSize(10).allMatch(line -> line.startsWith("t.yaml:"));
    }

    @Test
    void spec_strategyTypes() {
        assertThat(problems(DATA_AND_SPACE + "strategy: {type: tpe}"))
                .containsExactly("strategy.trials: required for strategy tpe");
        assertThat(problems(DATA_AND_SPACE + "strategy: {type: tpe, trials: 5, gamma: 1.5, eta: 1}"))
                .containsExactly("strategy.gamma: must be in (0, 1), found 1.5", "strategy.eta: must be >= 2, found 1");
        assertThat(problems(DATA_AND_SPACE + "strategy: {type: annealing, trials: 5}")).containsExactly(
                "strategy.type: must be one of [grid, random, quasirandom, tpe, hyperband], found \"annealing\"");
        assertThat(problems(DATA_AND_SPACE + "strategy: {trials: 5}"))
                .containsExactly("strategy.type: required; supported: grid, random, quasirandom, tpe, hyperband");
        assertThat(problems(DATA_AND_SPACE + "strategy: {type: random, trials: 5, sample: true}"))
                .containsExactly("strategy.sample: applies only to strategy grid");
    }

    @Test
    void spec_gridCannotFillBudget() {
        assertThat(problems("""
                data: {dataset: boston}
                strategy: {type: grid, trials: 20}
                space:
                  hiddenLayers: [1, 2]
                  neurons: [32, 64]
                  optimizer: [adam, sgd, rmsprop]
                """)).containsExactly("strategy.trials: grid has 12 points, cannot fill a budget of 20");
    }

    @Test
    void spec_gridOverContinuousDomain() {
        assertThat(problems("""
                data: {dataset: boston}
                strategy: {type: grid}
                space:
                  dropout: {uniform: {min: 0, max: 0.5}}
                  neurons: [32, 64]
                """)).containsExactly("space.dropout: a grid cannot enumerate a uniform domain;"
                + " use fixed, choice or intRange, or strategy random");
    }

    @Test
    void spec_gridProblemReportedBesideOtherSections() {
        assertThat(problems("""
                data: {dataset: boston}
                strategy: {type: grid, trials: 3}
                training: {maxEpochs: 0}
                space: {neurons: [32, 64]}
                """)).containsExactly(
                "strategy.trials: grid has 2 points, cannot fill a budget of 3",
                "training.maxEpochs: must be positive, found 0");
    }

    @Test
    void spec_finalModels() {
        assertThat(read(MINIMAL).training().finalModels()).isEqualTo(1);
        assertThat(read(MINIMAL + "training: {finalModels: 5}").training().finalModels()).isEqualTo(5);
        assertThat(problems(MINIMAL + "training: {finalModels: 0}")).containsExactly(
                "training.finalModels: must be positive, found 0");
        assertThat(problems(MINIMAL + "training: {finalModels: 21}")).containsExactly(
                "training.finalModels: must be <= 20, found 21");
    }

    @Test
    void spec_finalEpochScale() {
        assertThat(read(MINIMAL).training().finalEpochScale()).isEqualTo(1.5);
        assertThat(read(MINIMAL).training().finalEpochs(100)).isEqualTo(150);
        TrainingSpec same = read(MINIMAL + "training: {finalEpochScale: 1}").training();
        assertThat(same.finalEpochs(100)).isEqualTo(100);
        assertThat(read(MINIMAL + "training: {finalEpochScale: 0.01}").training().finalEpochs(20)).isEqualTo(1);
        assertThat(problems(MINIMAL + "training: {finalEpochScale: 0}")).containsExactly(
                "training.finalEpochScale: must be > 0 and <= 10, found 0");
        assertThat(problems(MINIMAL + "training: {finalEpochScale: 11}")).containsExactly(
                "training.finalEpochScale: must be > 0 and <= 10, found 11");
        assertThat(problems(MINIMAL + "training: {finalEpochScale: long}")).containsExactly(
                "training.finalEpochScale: must be a number, found \"long\"");
    }

    @Test
    void spec_pruning() {
        SearchSpec spec = read(MINIMAL + "pruning: {policy: asha, minEpochs: 4, eta: 2}");

        assertThat(spec.pruning()).isEqualTo(new PruningSpec(PruningPolicy.ASHA, 5, 10, 4, 2));
        // In file order: eta comes before minTrials in the text.
        assertThat(problems(MINIMAL + "pruning: {policy: hyperband, eta: 1, minTrials: 0}")).containsExactly(
                "pruning.policy: must be one of [none, median, asha], found \"hyperband\"",
                "pruning.eta: must be >= 2, found 1",
                "pruning.minTrials: must be positive, found 0");
        assertThat(problems(MINIMAL + "training: {maxEpochs: 10}\npruning: {policy: asha, minEpochs: 20}"))
                .containsExactly("pruning.minEpochs: must be <= training.maxEpochs (10), found 20");
    }

    @Test
    void spec_ashaScheduleFieldsAreAutoOrIntegers() {
        assertThat(read(MINIMAL + "pruning: {policy: asha}").pruning())
                .isEqualTo(new PruningSpec(PruningPolicy.ASHA, 5, 10, PruningSpec.AUTO, 3, PruningSpec.AUTO));
        assertThat(read(MINIMAL + "pruning: {policy: asha, minEpochs: auto, minTrialsPerRung: 6}").pruning())
                .isEqualTo(new PruningSpec(PruningPolicy.ASHA, 5, 10, PruningSpec.AUTO, 3, 6));
        assertThat(problems(MINIMAL + "pruning: {policy: asha, minEpochs: soon, minTrialsPerRung: 0}")).containsExactly(
                "pruning.minEpochs: must be auto or an integer, found 'soon'",
                "pruning.minTrialsPerRung: must be positive, found 0");
    }

    @Test
    void spec_wrongTypes() {
        assertThat(problems(MINIMAL + """
                training: {maxEpochs: "100", standardizeTarget: maybe}
                cv: {folds: 2.5}
                parallelism: [1]
                """)).containsExactly(
                "training.maxEpochs: must be an integer, found \"100\"",
                "training.standardizeTarget: must be true or false, found \"maybe\"",
                "cv.folds: must be an integer, found 2.5",
                "parallelism: must be an integer, found a list");
        assertThat(problems(MINIMAL + "cv: 3")).containsExactly("cv: must be a mapping, found 3");
        assertThat(problems(NO_SPACE + "space: {dropout: }")).containsExactly("space.dropout: value is missing");
    }

    @Test
    void spec_rangeOutsideParameterBounds() {
        assertThat(problems(NO_SPACE + """
                space:
                  dropout: {uniform: {min: 0, max: 1}}
                  hiddenLayers: {intRange: {min: 1, max: 40, step: 3}}
                  neurons: {intRange: {min: 8}}
                """)).containsExactly(
                "space.dropout.uniform.max: dropout must be in [0, 1), found 1.0",
                "space.hiddenLayers.intRange.max: hiddenLayers must be in [1, 16], found 40",
                "space.neurons.intRange.max: required");
    }

    @Test
    void spec_rangeWrittenAsAListOrADomainInTheWrongCase_isToldWhatItMeans() {
        assertThat(problems(NO_SPACE + """
                space:
                  dropout: {uniform: [0, 0.5]}
                  neurons: {intRange: [8, 64, 8]}
                  l2: {uniform: [a, b]}
                  learningRate: {loguniform: {min: 0.0001, max: 0.1}}
                """)).containsExactly(
                "space.dropout.uniform: must be a mapping such as {min: 0, max: 0.5}, found a list",
                "space.neurons.intRange: must be a mapping such as {min: 8, max: 64, step: 8}, found a list",
                "space.l2.uniform: must be a mapping such as {min: ..., max: ...}, found a list",
                "space.learningRate.loguniform: unknown domain (did you mean logUniform?); known: fixed, choice,"
                        + " intRange, uniform, logUniform");
    }

    @Test
    void spec_missingSpace() {
        assertThat(problems(NO_SPACE)).containsExactly("space: required; a search needs a space of hyperparameters"
                + " to search, e.g. space: {neurons: [32, 64]}");
        assertThat(problems("data: {dataset: boston}")).containsExactly(
                "strategy: required; e.g. strategy: {type: random, trials: 20}",
                "space: required; a search needs a space of hyperparameters to search, e.g. space: {neurons: [32, 64]}");
    }

    @Test
    void spec_dataForms() {
        assertThat(problems("strategy: {type: random, trials: 5}\nspace: {neurons: [32, 64]}"))
                .containsExactly("data: required; e.g. data: {dataset: boston} or data: {file: houses.csv, target: price}");
        assertThat(problems(MINIMAL.replace("{dataset: boston}", "{dataset: boston, file: x.csv, target: y}")))
                .containsExactly("data: set either dataset or file, not both");
        assertThat(problems(MINIMAL.replace("{dataset: boston}", "{file: x.csv}")))
                .containsExactly("data.target: required with data.file");
        assertThat(problems(MINIMAL.replace("{dataset: boston}",
                "{file: x.csv, target: y, testFile: t.csv, testFraction: 0.3}")))
                .containsExactly("data.testFraction: not allowed together with data.testFile");
        assertThat(problems(MINIMAL.replace("{dataset: boston}", "{dataset: boston, testFraction: 1.5}")))
                .contains("data.testFraction: must be at least 0 and below 1, found 1.5");
        // A built-in dataset keeps its own split: another fraction or seed is refused, the defaults
        // (which SpecWriter writes) are not.
        assertThat(problems(MINIMAL.replace("{dataset: boston}", "{dataset: california, testFraction: 0.3, "
                + "testSeed: 7}"))).containsExactly(
                "data.testFraction: 0.3 applies to data.file; a built-in dataset has its own test split (boston: "
                        + "the Keras 404/102 rows; california: 0.2 with seed 42)",
                "data.testSeed: 7 applies to data.file; a built-in dataset has its own test split (boston: "
                        + "the Keras 404/102 rows; california: 0.2 with seed 42)");
        assertThat(read(MINIMAL.replace("{dataset: boston}", "{dataset: california, testFraction: 0.2, "
                + "testSeed: 42}")).data()).isEqualTo(DataSpec.builtin("california"));
    }

    @Test
    void spec_builtinDatasetIsNamedInAnyCase_asTheDatasetFlagTakesIt() {
        assertThat(read(MINIMAL.replace("{dataset: boston}", "{dataset: Boston}")).data())
                .isEqualTo(DataSpec.builtin("boston"));
        assertThat(problems(MINIMAL.replace("{dataset: boston}", "{dataset: iris}")))
                .containsExactly("data.dataset: must be one of boston, california, found \"iris\"");
    }

    @Test
    void spec_aColumnTheBuiltinDatasetLacks_isAProblemOfTheFieldNamingIt_withItsLineAndTheColumns() {
        String columns = "crim, zn, indus, chas, nox, rm, age, dis, rad, tax, ptratio, b, lstat, medv";
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> read(MINIMAL.replace(
                "data: {dataset: boston}", "data:\n  dataset: boston\n  target: PRICE\n  categorical: [chas, Rad]\n"
                        + "  foldColumn: fold")));

        assertThat(e.getMessage()).isEqualTo(String.join("\n",
                "t.yaml:3:3: data.target: built-in dataset boston has no column \"PRICE\"; its columns: " + columns
                        + " (leave data.target out to use its own target, medv)",
                "t.yaml:4:23: data.categorical[1]: built-in dataset boston has no column \"Rad\" (did you mean rad?);"
                        + " its columns: " + columns,
                "t.yaml:5:3: data.foldColumn: built-in dataset boston has no column \"fold\"; its columns: " + columns));
        assertThat(read(MINIMAL.replace("{dataset: boston}", "{dataset: california, target: median_income, "
                + "categorical: [housing_median_age]}")).data().target()).isEqualTo("median_income");
    }

    /** One typo away from a built-in dataset's column was said with no guess: only a case difference was. */
    @Test
    void spec_aColumnOfABuiltinDatasetOneTypoAway_isPointedAt() {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> read(MINIMAL.replace(
                "data: {dataset: boston}", "data:\n  dataset: boston\n  categorical: [lstt]\n")));

        assertThat(e.getMessage()).startsWith("t.yaml:3:17: data.categorical[0]: built-in dataset boston has no column"
                + " \"lstt\" (did you mean lstat?); its columns: ");
    }

    /** A gzip file's header is read as its rows are; one typo is pointed at; thousands of columns are not all listed. */
    @Test
    void spec_aColumnTheUsersFileLacks_isAProblemOfTheField_withTheNameMeant(@TempDir Path dir) throws IOException {
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(dir.resolve("h.csv.gz")))) {
            out.write("a,\"price\"\n1,2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String wide = java.util.stream.IntStream.range(0, 3000).mapToObj(i -> "f" + i)
                .collect(java.util.stream.Collectors.joining(","));
        Files.writeString(dir.resolve("wide.csv"), wide + ",y\n" + "1,".repeat(3000) + "2\n");
        Path spec = dir.resolve("t.yaml");
        Files.writeString(spec, MINIMAL.replace("{dataset: boston}", "{file: h.csv.gz, target: pirce}"));
        Path wideSpec = dir.resolve("w.yaml");
        Files.writeString(wideSpec, MINIMAL.replace("{dataset: boston}", "{file: wide.csv, target: Y}"));

        assertThatThrownBy(() -> reader.read(spec)).isInstanceOf(InvalidSpecException.class).hasMessage(spec
                + ":1:24: data.target: file h.csv.gz has no column \"pirce\" (did you mean price?); its columns: a, price");
        assertThatThrownBy(() -> reader.read(wideSpec)).hasMessageEndingWith(
                "data.target: file wide.csv has no column \"Y\" (did you mean y?); its columns: f0, f1, f2, f3, f4, f5,"
                        + " f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24,"
                        + " f25, f26, f27, f28, f29, f30, f31, f32, f33, f34, f35, f36, f37, f38, f39, ... (3001 in all)");
    }

    @Test
    void spec_relativeDataFileResolvesAgainstSpecDirectory(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("specs/data"));
        Files.writeString(dir.resolve("specs/data/houses.csv"), "a,price\n1,2\n");
        Path specFile = dir.resolve("specs/houses.yaml");
        Files.writeString(specFile, MINIMAL.replace("{dataset: boston}", "{file: data/houses.csv, target: price}"));

        SearchSpec spec = reader.read(specFile);

        assertThat(spec.name()).isEqualTo("houses");
        assertThat(spec.data().file()).isEqualTo(dir.resolve("specs/data/houses.csv").toAbsolutePath().toString());
    }

    @Test
    void spec_missingDataFile(@TempDir Path dir) throws IOException {
        Path specFile = dir.resolve("houses.yaml");
        Files.writeString(specFile, MINIMAL.replace("{dataset: boston}", "{file: nowhere.csv, target: price}"));

        assertThatThrownBy(() -> reader.read(specFile)).isInstanceOf(InvalidSpecException.class)
                .hasMessage(specFile + ":1:8: data.file: no such file: " + dir.resolve("nowhere.csv").toAbsolutePath());
    }

    @Test
    void spec_dataFileThatIsADirectory(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("adir.csv"));
        Path specFile = dir.resolve("houses.yaml");
        Files.writeString(specFile, MINIMAL.replace("{dataset: boston}", "{file: adir.csv, target: price}"));

        assertThatThrownBy(() -> reader.read(specFile)).isInstanceOf(InvalidSpecException.class)
                .hasMessage(specFile + ":1:8: data.file: " + dir.resolve("adir.csv").toAbsolutePath()
                        + " is a directory, not a CSV file");
    }

    @Test
    void spec_missingSpecFile(@TempDir Path dir) {
        Path specFile = dir.resolve("absent.yaml");

        assertThatThrownBy(() -> reader.read(specFile)).hasMessage(specFile + ": cannot read the spec: no such file");
    }

    @Test
    void spec_directoryOrEmptyNameGivenAsTheSpec(@TempDir Path dir) {
        assertThatThrownBy(() -> reader.read(dir)).isInstanceOf(InvalidSpecException.class)
                .hasMessage(dir + ": is a directory, not a spec file");
        assertThatThrownBy(() -> reader.read(Path.of(""))).isInstanceOf(InvalidSpecException.class)
                .hasMessage("spec: empty file name");
    }

    @Test
    void spec_yamlSyntaxErrorWithLineAndColumn() {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
                () -> read("data: {dataset: boston}\nstrategy: type: random\n"));

        assertThat(e.problems()).containsExactly(
                new SpecProblem("", "invalid YAML: mapping values are not allowed here", 2, 15));
        assertThat(e).hasMessage("t.yaml:2:15: invalid YAML: mapping values are not allowed here");
    }

    @Test
    void spec_duplicateKey() {
        assertThatThrownBy(() -> read(MINIMAL + "strategy: {type: grid}\n"))
                .hasMessage("t.yaml:4:9: invalid YAML: Duplicate field 'strategy'");
    }

    @Test
    void spec_emptyOrNotAMapping() {
        assertThat(problems("")).containsExactly("the spec is empty");
        assertThat(problems("- a\n- b\n")).containsExactly("must be a mapping, found a list");
    }

    @Test
    void spec_secondYamlDocumentIsRefused_notSilentlyDropped() {
        assertThatThrownBy(() -> read(MINIMAL + "---\nname: other\n")).isInstanceOf(InvalidSpecException.class)
                .hasMessage("t.yaml: holds 2 YAML documents; a spec is one document (the second starts on line 5)");
        assertThat(read("---\n" + MINIMAL + "---\n").name()).as("a leading or trailing --- holds nothing")
                .isEqualTo("t");
    }

    @Test
    void spec_nameFromDisplayName() {
        assertThat(reader.read("dir/My Search.v2.yaml", MINIMAL, null).name()).isEqualTo("My-Search.v2");
        assertThat(reader.read("x.yaml", "name: boston-1\n" + MINIMAL, null).name()).isEqualTo("boston-1");
    }
}
