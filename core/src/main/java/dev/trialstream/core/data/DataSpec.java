package dev.trialstream.core.data;

import java.util.List;

/**
 * Where a search's data comes from: a built-in dataset by name, or a CSV file with a named
 * target column, and how the test split is made (a second file, or a seeded fraction).
 *
 * @param dataset      built-in name ({@code boston}, {@code california}) or null when {@code file} is set
 * @param file         CSV path, or null for a built-in
 * @param target       target column; null = the built-in's own
 * @param testFile     a held-out CSV with the same columns, or null
 * @param testFraction fraction of rows held out when there is no test file (0 = no test split)
 * @param testSeed     seed of that random split
 * @param categorical  columns to treat as categorical even if they look numeric
 * @param foldColumn   a column of integer fold numbers that fixes the cross-validation folds (not a
 *                     feature), or null to draw the folds with {@code cv.seed}
 */
public record DataSpec(String dataset, String file, String target, String testFile, double testFraction,
                       long testSeed, List<String> categorical, String foldColumn) {

    public DataSpec(String dataset, String file, String target, String testFile, double testFraction,
                    long testSeed, List<String> categorical) {
        this(dataset, file, target, testFile, testFraction, testSeed, categorical, null);
    }

    /** The default fraction held out when a file has no test file of its own. */
    public static final double DEFAULT_TEST_FRACTION = 0.2;

    /** The default seed of that split. */
    public static final long DEFAULT_TEST_SEED = 42;

    public DataSpec {
        if ((dataset == null) == (file == null)) {
            throw new IllegalArgumentException("exactly one of dataset and file must be set");
        }
        TestFraction.require("testFraction", testFraction);
        categorical = categorical == null ? List.of() : List.copyOf(categorical);
        FoldColumns.check(foldColumn, target, categorical);
    }

    /** The same data with its folds fixed by {@code column} (null: drawn at random). */
    public DataSpec withFoldColumn(String column) {
        return new DataSpec(dataset, file, target, testFile, testFraction, testSeed, categorical, column);
    }

    public static DataSpec builtin(String name) {
        return new DataSpec(name, null, null, null, DEFAULT_TEST_FRACTION, 42, List.of());
    }

    public static DataSpec csv(String file, String target) {
        return new DataSpec(null, file, target, null, DEFAULT_TEST_FRACTION, 42, List.of());
    }
}
