package dev.trialstream.producer.cli;

import dev.trialstream.core.data.BuiltinDataset;
import dev.trialstream.core.data.ColumnNames;
import dev.trialstream.core.data.CsvHeader;
import dev.trialstream.core.data.DataSpec;
import dev.trialstream.core.data.TestFraction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Where the data comes from, for commands that take it on the command line rather than in a spec. */
public final class DataOptions {

    @Option(names = "--dataset", paramLabel = "NAME", description = "a built-in dataset: boston or california")
    String dataset;

    @Option(names = "--data", paramLabel = "FILE", description = "a CSV file with a header")
    String file;

    @Option(names = "--target", paramLabel = "COLUMN", description = "the target column of --data")
    String target;

    @Option(names = "--test", paramLabel = "FILE", description = "a held-out test CSV with the same columns as --data")
    String testFile;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    // Null when not given: a built-in dataset has its own split, so these flags with --dataset are refused.
    private Double testFraction;

    @Option(names = "--test-seed", paramLabel = "S", description = "seed of that split (default 42)")
    Long testSeed;

    @Option(names = "--test-fraction", paramLabel = "F",
            description = "fraction of --data held out for the final test when there is no --test (default 0.2)")
    void testFraction(double value) {
        TestFraction.problem(value).ifPresent(problem -> {
            throw new ParameterException(mixee.commandLine(), "--test-fraction: " + problem);
        });
        testFraction = value;
    }

    @Option(names = "--categorical", paramLabel = "COLUMN", split = ",",
            description = "columns to one-hot even if they look numeric")
    List<String> categorical = new ArrayList<>();

    @Option(names = "--fold-column", paramLabel = "COLUMN",
            description = "a column of integer fold numbers that fixes the CV folds (not a feature; --folds must match)")
    String foldColumn;

    /** The files --data and --test name ("the --data file" → it), for the check that an output replaces none. */
    public Map<String, Path> inputFiles() {
        Map<String, Path> files = new LinkedHashMap<>();
        if (file != null && !file.isBlank()) {
            files.put("the --data file", Path.of(file));
        }
        if (testFile != null && !testFile.isBlank()) {
            files.put("the --test file", Path.of(testFile));
        }
        return files;
    }

    /** The data options given, by flag, in the order the help lists them (none: empty). */
    public List<String> given() {
        List<String> given = new ArrayList<>();
        addIf(given, dataset != null, "--dataset");
        addIf(given, file != null, "--data");
        addIf(given, target != null, "--target");
        addIf(given, testFile != null, "--test");
        addIf(given, testSeed != null, "--test-seed");
        addIf(given, testFraction != null, "--test-fraction");
        addIf(given, !categorical.isEmpty(), "--categorical");
        addIf(given, foldColumn != null, "--fold-column");
        return given;
    }

    private static void addIf(List<String> flags, boolean given, String flag) {
        if (given) {
            flags.add(flag);
        }
    }

    /** The data the options name, or empty when none was given. */
    public Optional<DataSpec> toSpec() {
        if (dataset != null && file != null) {
            throw new IllegalArgumentException("--dataset and --data are exclusive; give one");
        }
        if (dataset != null) {
            String name = builtinName();
            String split = testFile != null ? "--test" : testFraction != null ? "--test-fraction"
                    : testSeed != null ? "--test-seed" : null;
            if (split != null) {
                throw new IllegalArgumentException(split + " applies to --data; built-in dataset " + name
                        + " has its own test split");
            }
            requireBuiltinColumns(BuiltinDataset.find(name).orElseThrow());
            return Optional.of(new DataSpec(name, null, target, null, DataSpec.DEFAULT_TEST_FRACTION,
                    DataSpec.DEFAULT_TEST_SEED, categorical, foldColumn));
        }
        if (file != null) {
            if (target == null) {
                throw new IllegalArgumentException("--data " + file + " needs --target COLUMN");
            }
            InputFile.requireFile("--data", Path.of(file));
            if (testFile != null) {
                InputFile.requireFile("--test", Path.of(testFile));
            }
            requireFileColumns();
            double fraction = testFraction == null ? DataSpec.DEFAULT_TEST_FRACTION : testFraction;
            if (testFile == null) {
                TestFraction.require("--test-fraction:", fraction);
            }
            return Optional.of(new DataSpec(null, file, target, testFile, testFile == null ? fraction : 0,
                    testSeed == null ? DataSpec.DEFAULT_TEST_SEED : testSeed, categorical, foldColumn));
        }
        if (target != null || testFile != null || foldColumn != null) {
            throw new IllegalArgumentException("--target, --test and --fold-column need --data FILE");
        }
        return Optional.empty();
    }

    /** A column flag naming a column the built-in lacks is refused naming the flag, before any row is read. */
    private void requireBuiltinColumns(BuiltinDataset builtin) {
        if (target != null) {
            builtin.columnProblem(target).ifPresent(problem -> {
                throw new IllegalArgumentException("--target: " + problem + " (leave --target out to use its own"
                        + " target, " + builtin.target() + ")");
            });
        }
        for (String column : categorical) {
            builtin.columnProblem(column).ifPresent(problem -> {
                throw new IllegalArgumentException("--categorical: " + problem);
            });
        }
        if (foldColumn != null) {
            builtin.columnProblem(foldColumn).ifPresent(problem -> {
                throw new IllegalArgumentException("--fold-column: " + problem);
            });
        }
    }

    /**
     * The same for --data, from its header line alone: the flag, the file, its columns, and the
     * name meant when it differs in case or by one typo (a file that cannot be read is said when its rows are).
     */
    private void requireFileColumns() {
        CsvHeader.read(Path.of(file)).ifPresent(columns -> {
            ColumnNames.problem(file, columns, target).ifPresent(problem -> {
                throw new IllegalArgumentException("--target: " + problem);
            });
            for (String column : categorical) {
                ColumnNames.problem(file, columns, column).ifPresent(problem -> {
                    throw new IllegalArgumentException("--categorical: " + problem);
                });
            }
            if (foldColumn != null) {
                ColumnNames.problem(file, columns, foldColumn).ifPresent(problem -> {
                    throw new IllegalArgumentException("--fold-column: " + problem);
                });
            }
        });
        if (testFile != null) { // scored on the target, so it must have it (a fold column it need not have)
            CsvHeader.read(Path.of(testFile)).flatMap(columns -> ColumnNames.problem(testFile, columns, target))
                    .ifPresent(problem -> {
                        throw new IllegalArgumentException("--test: " + problem + " (the --target)");
                    });
        }
    }

    /** The built-in dataset's name as the spec spells it: {@code --dataset Boston} is boston. */
    private String builtinName() {
        return BuiltinDataset.find(dataset).map(BuiltinDataset::name).orElseThrow(() -> new IllegalArgumentException(
                "--dataset: " + BuiltinDataset.nameProblem(dataset)
                        + " (for a CSV file give --data FILE --target COLUMN)"));
    }

    /** The data the options name; an error when none was given. */
    public DataSpec require() {
        return toSpec().orElseThrow(() -> new IllegalArgumentException("give --dataset NAME or --data FILE --target COLUMN"));
    }
}
