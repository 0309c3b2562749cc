package dev.trialstream.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trialstream.core.data.BuiltinDataset;
import dev.trialstream.core.data.ColumnNames;
import dev.trialstream.core.data.CsvHeader;
import dev.trialstream.core.data.DataSpec;
import dev.trialstream.core.data.TestFraction;
import dev.trialstream.core.space.SearchSpace;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * One pass over one spec tree. Each section is read field by field, reporting every problem;
 * a section's record is built only when its fields are clean, and the rules spanning sections
 * run on whichever sections are clean, so one pass finds as much as it can.
 */
final class SpecParser {

    static final List<String> TOP = List.of("name", "data", "cv", "strategy", "training", "pruning", "parallelism", "priority", "space",
            "ensemble");
    static final List<String> DATA = List.of("dataset", "file", "target", "testFile", "testFraction", "testSeed", "categorical",
            "foldColumn");
    static final List<String> CV = List.of("folds", "seed");
    static final List<String> STRATEGY = List.of("type", "trials", "seed", "sample", "startup", "gamma", "candidates",
            "eta", "minEpochs");
    static final List<String> TRAINING = List.of("maxEpochs", "patience", "standardizeTarget", "finalModels",
            "finalEpochScale");
    static final List<String> PRUNING = List.of("policy", "minTrials", "warmupEpochs", "minEpochs", "eta",
            "minTrialsPerRung");

    private final Problems problems;
    private final Fields fields;
    private final String defaultName;
    private final Path baseDir;

    /**
     * @param defaultName the name when the spec has none (from the file name)
     * @param baseDir     the directory relative data paths resolve against and where files must
     *                    exist; null for a spec from a message, whose paths are taken as they are
     */
    SpecParser(Problems problems, String defaultName, Path baseDir) {
        this.problems = problems;
        this.fields = new Fields(problems);
        this.defaultName = defaultName;
        this.baseDir = baseDir;
    }

    /** The spec, or empty when there were problems (all in {@link Problems}). */
    Optional<SearchSpec> parse(JsonNode tree) {
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            problems.add("", "the spec is empty");
            return Optional.empty();
        }
        ObjectNode root = fields.mapping(tree, "");
        if (root == null) {
            return Optional.empty();
        }
        fields.onlyKnown(root, "", TOP);
        String name = name(root);
        DataSpec data = data(root);
        CvSpec cv = cv(root);
        StrategySpec strategy = strategy(root);
        TrainingSpec training = training(root);
        PruningSpec pruning = pruning(root);
        OptionalInt parallelism = fields.integer(root, "parallelism", "", 1, SearchSpec.MAX_PARALLELISM)
                .map(OptionalInt::of).orElse(OptionalInt.empty());
        Priority priority = priority(root);
        SearchSpace space = new SpaceParser(problems, fields).parse(root.get("space"), "space");
        EnsembleSpec ensemble = ensemble(root);

        // The rules across sections run on every section that is clean, so that a broken
        // training section does not hide a grid that cannot fill its budget.
        List<SpecProblem> across = new ArrayList<>();
        if (data != null) {
            across.addAll(SearchSpec.dataProblems(data));
        }
        if (strategy != null && space != null) {
            across.addAll(SearchSpec.gridProblems(strategy, space));
        }
        if (pruning != null && training != null) {
            across.addAll(SearchSpec.pruningProblems(pruning, training));
        }
        across.forEach(problem -> problems.add(problem.path(), problem.message()));
        if (problems.count() > 0) {
            return Optional.empty();
        }
        return Optional.ofNullable(
                build("", () -> new SearchSpec(name, data, cv, strategy, training, pruning, parallelism, space,
                        ensemble, priority)));
    }

    /** {@code priority: high} or {@code priority: 3}; normal when absent. */
    private Priority priority(ObjectNode root) {
        com.fasterxml.jackson.databind.JsonNode value = fields.present(root, "priority", "");
        if (value == null) {
            return Priority.NORMAL;
        }
        if (value.isTextual()) {
            try {
                return Priority.parse(value.textValue());
            } catch (IllegalArgumentException e) {
                problems.add("priority", Priority.SYNTAX + ", found " + Fields.describe(value));
                return null;
            }
        }
        return fields.integer(root, "priority", "", 1, Priority.MAX_WEIGHT).map(Priority::new).orElse(null);
    }

    private String name(ObjectNode root) {
        Optional<String> name = fields.text(root, "name", "");
        if (name.isPresent() && !SearchSpec.NAME.matcher(name.get()).matches()) {
            problems.add("name", SearchSpec.nameProblem(name.get()));
        }
        return name.orElse(defaultName);
    }

    private DataSpec data(ObjectNode root) {
        JsonNode node = fields.present(root, "data", "");
        if (node == null) {
            if (!root.has("data")) {
                problems.add("data", "required; e.g. data: {dataset: boston} or data: {file: houses.csv, target: price}");
            }
            return null;
        }
        ObjectNode data = fields.mapping(node, "data");
        if (data == null) {
            return null;
        }
        int before = problems.count();
        fields.onlyKnown(data, "data", DATA);
        Optional<String> dataset = fields.text(data, "dataset", "data")
                .map(name -> BuiltinDataset.find(name).map(BuiltinDataset::name).orElse(name));
        Optional<String> file = fields.text(data, "file", "data").flatMap(f -> resolve(f, "data.file"));
        Optional<String> target = fields.text(data, "target", "data");
        Optional<String> testFile = fields.text(data, "testFile", "data").flatMap(f -> resolve(f, "data.testFile"));
        Optional<Double> testFraction = fields.real(data, "testFraction", "data");
        long testSeed = fields.longValue(data, "testSeed", "data", Long.MIN_VALUE, Long.MAX_VALUE)
                .orElse(DataSpec.DEFAULT_TEST_SEED);
        List<String> categorical = fields.textList(data, "categorical", "data").orElse(List.of());
        Optional<String> foldColumn = fields.text(data, "foldColumn", "data");

        if (data.has("dataset") && data.has("file")) {
            problems.add("data", "set either dataset or file, not both");
        } else if (!data.has("dataset") && !data.has("file")) {
            problems.add("data", "set dataset (one of " + BuiltinDataset.knownNames() + ") or file");
        }
        if (data.has("testFile") && !data.has("file")) {
            problems.add("data.testFile", "only with data.file");
        }
        if (data.has("testFile") && data.has("testFraction")) {
            problems.add("data.testFraction", "not allowed together with data.testFile");
        }
        testFraction.flatMap(TestFraction::problem).ifPresent(problem -> problems.add("data.testFraction", problem));
        if (data.has("dataset")) {
            // A built-in dataset has its own split; the defaults are accepted, as SpecWriter writes them.
            String own = " applies to data.file; a built-in dataset has its own test split (boston: the Keras "
                    + "404/102 rows; california: " + DataSpec.DEFAULT_TEST_FRACTION + " with seed "
                    + DataSpec.DEFAULT_TEST_SEED + ")";
            if (testFraction.isPresent() && testFraction.get() != DataSpec.DEFAULT_TEST_FRACTION) {
                problems.add("data.testFraction", testFraction.get() + own);
            }
            if (testSeed != DataSpec.DEFAULT_TEST_SEED) {
                problems.add("data.testSeed", testSeed + own);
            }
            // With data.file beside it, which data is meant is unknown; that problem is said above.
            dataset.filter(name -> !data.has("file")).flatMap(BuiltinDataset::find).ifPresent(builtin -> builtinColumns(builtin, target, categorical,
                    foldColumn));
        } else if (baseDir != null) {
            file.ifPresent(path -> fileColumns(fields.text(data, "file", "data").orElseThrow(), Path.of(path), target,
                    categorical, foldColumn));
            testFile.ifPresent(path -> testFileTarget(fields.text(data, "testFile", "data").orElseThrow(),
                    Path.of(path), target));
        }
        if (problems.count() > before) {
            return null;
        }
        return build("data", () -> new DataSpec(dataset.orElse(null), file.orElse(null), target.orElse(null),
                testFile.orElse(null), testFraction.orElse(DataSpec.DEFAULT_TEST_FRACTION), testSeed, categorical,
                foldColumn.orElse(null)));
    }

    /**
     * A built-in's columns are known without reading its rows, so a column it lacks is a problem
     * of the spec, at the field and line that names it, not a data error about a resource file
     * the user never wrote.
     */
    private void builtinColumns(BuiltinDataset builtin, Optional<String> target, List<String> categorical,
                                Optional<String> foldColumn) {
        target.ifPresent(column -> builtin.columnProblem(column).ifPresent(problem -> problems.add("data.target",
                problem + " (leave data.target out to use its own target, " + builtin.target() + ")")));
        for (int i = 0; i < categorical.size(); i++) {
            String at = "data.categorical[" + i + "]";
            builtin.columnProblem(categorical.get(i)).ifPresent(problem -> problems.add(at, problem));
        }
        foldColumn.ifPresent(column -> builtin.columnProblem(column)
                .ifPresent(problem -> problems.add("data.foldColumn", problem)));
    }

    /**
     * The same for a user's file, whose header is read (the header alone, so {@code --no-data}
     * says it too): a column it lacks is said at the field that names it, with the file as the
     * spec writes it, its columns, and the name meant when it differs in case or by one typo.
     */
    private void fileColumns(String written, Path file, Optional<String> target, List<String> categorical,
                             Optional<String> foldColumn) {
        CsvHeader.read(file).ifPresent(columns -> {
            target.flatMap(column -> ColumnNames.problem(written, columns, column))
                    .ifPresent(problem -> problems.add("data.target", problem));
            for (int i = 0; i < categorical.size(); i++) {
                String at = "data.categorical[" + i + "]";
                ColumnNames.problem(written, columns, categorical.get(i)).ifPresent(problem -> problems.add(at, problem));
            }
            foldColumn.flatMap(column -> ColumnNames.problem(written, columns, column))
                    .ifPresent(problem -> problems.add("data.foldColumn", problem));
        });
    }

    /** A test file is scored on the target, so it must have that column (a fold column it need not have). */
    private void testFileTarget(String written, Path file, Optional<String> target) {
        target.ifPresent(column -> CsvHeader.read(file)
                .flatMap(columns -> ColumnNames.problem(written, columns, column))
                .ifPresent(problem -> problems.add("data.testFile", problem + " (data.target)")));
    }

    /** A data path made absolute against the spec's directory, which must then hold the file. */
    private Optional<String> resolve(String file, String path) {
        if (baseDir == null) {
            return Optional.of(file);
        }
        Path resolved;
        try {
            resolved = baseDir.resolve(file).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            problems.add(path, "not a valid path: \"" + file + "\"");
            return Optional.empty();
        }
        if (Files.isDirectory(resolved)) {
            problems.add(path, resolved + " is a directory, not a CSV file");
            return Optional.empty();
        }
        if (!Files.isRegularFile(resolved)) {
            problems.add(path, "no such file: " + resolved);
            return Optional.empty();
        }
        return Optional.of(resolved.toString());
    }

    private CvSpec cv(ObjectNode root) {
        ObjectNode cv = section(root, "cv");
        if (cv == null) {
            return root.has("cv") ? null : CvSpec.defaults();
        }
        int before = problems.count();
        fields.onlyKnown(cv, "cv", CV);
        int folds = fields.integer(cv, "folds", "cv", 2, CvSpec.MAX_FOLDS).orElse(CvSpec.DEFAULT_FOLDS);
        long seed = fields.longValue(cv, "seed", "cv", Long.MIN_VALUE, Long.MAX_VALUE).orElse(0L);
        return problems.count() > before ? null : build("cv", () -> new CvSpec(folds, seed));
    }

    private StrategySpec strategy(ObjectNode root) {
        ObjectNode strategy = section(root, "strategy");
        if (strategy == null) {
            if (!root.has("strategy")) {
                problems.add("strategy", "required; e.g. strategy: {type: random, trials: 20}");
            }
            return null;
        }
        int before = problems.count();
        fields.onlyKnown(strategy, "strategy", STRATEGY);
        StrategyType type = null;
        Optional<String> typeName = fields.text(strategy, "type", "strategy");
        if (typeName.isPresent()) {
            try {
                type = StrategyType.parse(typeName.get());
            } catch (IllegalArgumentException e) {
                problems.add("strategy.type", e.getMessage());
            }
        } else if (!strategy.has("type")) {
            problems.add("strategy.type", "required; supported: " + StrategyType.supported());
        }
        OptionalInt trials = fields.integer(strategy, "trials", "strategy", 1, StrategySpec.MAX_TRIALS)
                .map(OptionalInt::of).orElse(OptionalInt.empty());
        long seed = fields.longValue(strategy, "seed", "strategy", Long.MIN_VALUE, Long.MAX_VALUE).orElse(0L);
        boolean sample = fields.bool(strategy, "sample", "strategy").orElse(false);
        if (type != null && type != StrategyType.GRID && !strategy.has("trials")) {
            problems.add("strategy.trials", "required for strategy " + type.wireName());
        }
        AdaptiveOptions defaults = AdaptiveOptions.DEFAULTS;
        int startup = fields.integer(strategy, "startup", "strategy", 1, StrategySpec.MAX_TRIALS).orElse(defaults.startup());
        double gamma = fields.real(strategy, "gamma", "strategy").orElse(defaults.gamma());
        if (!(gamma > 0 && gamma < 1)) {
            problems.add("strategy.gamma", "must be in (0, 1), found " + gamma);
        }
        int candidates = fields.integer(strategy, "candidates", "strategy", 1, 10_000).orElse(defaults.candidates());
        int eta = fields.integer(strategy, "eta", "strategy", 2, 100).orElse(defaults.eta());
        int minEpochs = fields.integer(strategy, "minEpochs", "strategy", 1, TrainingSpec.MAX_EPOCHS)
                .orElse(defaults.minEpochs());
        if (type != null && type != StrategyType.GRID && strategy.has("sample")) {
            problems.add("strategy.sample", "applies only to strategy grid");
        }
        StrategyType parsed = type;
        return problems.count() > before ? null : build("strategy", () -> new StrategySpec(parsed, trials, seed, sample,
                new AdaptiveOptions(startup, gamma, candidates, eta, minEpochs)));
    }

    private TrainingSpec training(ObjectNode root) {
        ObjectNode training = section(root, "training");
        if (training == null) {
            return root.has("training") ? null : TrainingSpec.defaults();
        }
        int before = problems.count();
        fields.onlyKnown(training, "training", TRAINING);
        int maxEpochs = fields.integer(training, "maxEpochs", "training", 1, TrainingSpec.MAX_EPOCHS)
                .orElse(TrainingSpec.DEFAULT_MAX_EPOCHS);
        int patience = fields.integer(training, "patience", "training", 0, TrainingSpec.MAX_EPOCHS).orElse(0);
        boolean standardize = fields.bool(training, "standardizeTarget", "training").orElse(true);
        int finalModels = fields.integer(training, "finalModels", "training", 1, TrainingSpec.MAX_FINAL_MODELS)
                .orElse(1);
        double finalEpochScale = finalEpochScale(training);
        return problems.count() > before ? null
                : build("training", () -> new TrainingSpec(maxEpochs, patience, standardize, finalModels,
                        finalEpochScale));
    }

    /** {@code finalEpochScale: 1.5}: a number in (0, 10]. */
    private double finalEpochScale(ObjectNode training) {
        double scale = fields.real(training, "finalEpochScale", "training")
                .orElse(TrainingSpec.DEFAULT_FINAL_EPOCH_SCALE);
        String problem = Checks.positiveAtMost(scale, TrainingSpec.MAX_FINAL_EPOCH_SCALE, training.get("finalEpochScale"));
        if (problem != null) {
            problems.add("training.finalEpochScale", problem);
        }
        return scale;
    }

    /** {@code ensemble: off} (YAML may read it as false) or {@code ensemble: {size: N, bags: B}}; absent = on. */
    private EnsembleSpec ensemble(ObjectNode root) {
        JsonNode node = fields.present(root, "ensemble", "");
        if (node == null) {
            return EnsembleSpec.defaults();
        }
        if (node.isBoolean() && !node.booleanValue() || node.isTextual() && node.textValue().equals("off")) {
            return EnsembleSpec.off();
        }
        if (!node.isObject()) {
            problems.add("ensemble", "must be off or {size: N}, found " + node);
            return EnsembleSpec.defaults();
        }
        fields.onlyKnown((ObjectNode) node, "ensemble", List.of("size", "bags", "within"));
        return new EnsembleSpec(fields.integer((ObjectNode) node, "size", "ensemble", 1, EnsembleSpec.MAX_SIZE)
                .orElse(EnsembleSpec.DEFAULT_SIZE),
                fields.integer((ObjectNode) node, "bags", "ensemble", 1, EnsembleSpec.MAX_BAGS)
                        .orElse(EnsembleSpec.DEFAULT_BAGS),
                within((ObjectNode) node));
    }

    /** {@code within: 0.2} (a fraction of the best trial's out-of-fold MSE, >= 0) or {@code within: all}. */
    private double within(ObjectNode ensemble) {
        JsonNode node = ensemble.get("within");
        if (node != null && node.isTextual() && node.textValue().equals("all")) {
            return EnsembleSpec.ALL;
        }
        if (node != null && !node.isNumber() && !node.isNull()) {
            problems.add("ensemble.within", "must be a fraction >= 0 or all, found " + node);
            return EnsembleSpec.DEFAULT_WITHIN;
        }
        double within = fields.real(ensemble, "within", "ensemble").orElse(EnsembleSpec.DEFAULT_WITHIN);
        if (within < 0) {
            problems.add("ensemble.within", "must be a fraction >= 0 or all, found " + node);
            return EnsembleSpec.DEFAULT_WITHIN;
        }
        return within;
    }

    private PruningSpec pruning(ObjectNode root) {
        ObjectNode pruning = section(root, "pruning");
        if (pruning == null) {
            return root.has("pruning") ? null : PruningSpec.none();
        }
        int before = problems.count();
        fields.onlyKnown(pruning, "pruning", PRUNING);
        PruningPolicy policy = PruningPolicy.NONE;
        Optional<String> policyName = fields.text(pruning, "policy", "pruning");
        if (policyName.isPresent()) {
            try {
                policy = PruningPolicy.parse(policyName.get());
            } catch (IllegalArgumentException e) {
                problems.add("pruning.policy", e.getMessage());
            }
        }
        int minTrials = fields.integer(pruning, "minTrials", "pruning", 1, 10_000).orElse(PruningSpec.DEFAULT_MIN_TRIALS);
        int warmup = fields.integer(pruning, "warmupEpochs", "pruning", 0, TrainingSpec.MAX_EPOCHS)
                .orElse(PruningSpec.DEFAULT_WARMUP_EPOCHS);
        int minEpochs = autoOrInteger(pruning, "minEpochs", TrainingSpec.MAX_EPOCHS);
        int eta = fields.integer(pruning, "eta", "pruning", 2, 100).orElse(PruningSpec.DEFAULT_ETA);
        int minTrialsPerRung = autoOrInteger(pruning, "minTrialsPerRung", 10_000);
        PruningPolicy parsed = policy;
        return problems.count() > before ? null
                : build("pruning", () -> new PruningSpec(parsed, minTrials, warmup, minEpochs, eta, minTrialsPerRung));
    }

    /** A pruning field that is {@code auto} (also when absent: {@link PruningSpec#AUTO}) or an integer in [1, max]. */
    private int autoOrInteger(ObjectNode pruning, String key, int max) {
        JsonNode value = fields.present(pruning, key, "pruning");
        if (value != null && value.isTextual() && value.textValue().trim().equalsIgnoreCase("auto")) {
            return PruningSpec.AUTO;
        }
        if (value != null && value.isTextual()) {
            problems.add("pruning." + key, "must be auto or an integer, found '" + value.textValue() + "'");
            return PruningSpec.AUTO;
        }
        return fields.integer(pruning, key, "pruning", 1, max).orElse(PruningSpec.AUTO);
    }

    /** A section as a mapping; null when absent (callers pick the default) or not a mapping (reported). */
    private ObjectNode section(ObjectNode root, String key) {
        JsonNode node = fields.present(root, key, "");
        return node == null ? null : fields.mapping(node, key);
    }

    /**
     * The record, or null with the constructor's message as a problem. The reader's own checks
     * mirror the constructors, so this only catches a rule the reader does not know.
     */
    private <T> T build(String path, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (InvalidSpecException e) {
            e.problems().forEach(problem -> problems.add(problem.path(), problem.message()));
            return null;
        } catch (IllegalArgumentException e) {
            problems.add(path, e.getMessage());
            return null;
        }
    }
}
