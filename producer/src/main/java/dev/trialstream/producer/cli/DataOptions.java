package dev.trialstream.producer.cli;

import dev.trialstream.core.data.BuiltinDataset;
import dev.trialstream.core.data.DataSpec;
import dev.trialstream.core.data.TestFraction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

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

    @Option(names = "--test-fraction", paramLabel = "F", defaultValue = "0.2",
            description = "fraction of --data held out for the final test when there is no --test (default ${DEFAULT-VALUE})")
    double testFraction;

    @Option(names = "--test-seed", paramLabel = "S", defaultValue = "42", description = "seed of that split (default ${DEFAULT-VALUE})")
    long testSeed;

    @Option(names = "--categorical", paramLabel = "COLUMN", split = ",",
            description = "columns to one-hot even if they look numeric")
    List<String> categorical = new ArrayList<>();

    @Option(names = "--fold-column", paramLabel = "COLUMN",
            description = "a column of integer fold numbers that fixes the CV folds (not a feature; --folds must match)")
    String foldColumn;

    /** True when any data option was given. */
    public boolean given() {
        return dataset != null || file != null;
    }

    /** The data the options name, or empty when none was given. */
    public Optional<DataSpec> toSpec() {
        if (dataset != null && file != null) {
            throw new IllegalArgumentException("--dataset and --data are exclusive; give one");
        }
        if (dataset != null) {
            if (testFile != null) {
                throw new IllegalArgumentException("--test applies to --data; built-in datasets have their own test split");
            }
            return Optional.of(new DataSpec(builtinName(), null, target, null, DataSpec.DEFAULT_TEST_FRACTION, testSeed,
                    categorical, foldColumn));
        }
        if (file != null) {
            if (target == null) {
                throw new IllegalArgumentException("--data " + file + " needs --target COLUMN");
            }
            if (testFile == null) {
                TestFraction.require("--test-fraction:", testFraction);
            }
            return Optional.of(new DataSpec(null, file, target, testFile, testFile == null ? testFraction : 0,
                    testSeed, categorical, foldColumn));
        }
        if (target != null || testFile != null || foldColumn != null) {
            throw new IllegalArgumentException("--target, --test and --fold-column need --data FILE");
        }
        return Optional.empty();
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
