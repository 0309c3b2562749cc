package dev.trialstream.core.message;

import java.util.List;

/**
 * Everything a worker needs to rebuild the exact table a search trains on, with no shared disk:
 * the training CSV's bytes (by hash), and either a separate test CSV or a seeded fraction to hold
 * out; the target column; the columns to force to categorical.
 *
 * @param name         the dataset's name ({@code boston}, or the file's name), for logs and bundles
 * @param train        the training CSV (for a split, the whole file before the split)
 * @param test         a held-out CSV with the same columns, or null to split {@code train}
 * @param testFraction the fraction of {@code train} rows held out when {@code test} is null; must
 *                     be 0 when {@code test} is set (0 with no test file = no test split)
 * @param testSeed     the seed of that split
 * @param target       the target column
 * @param categorical  columns treated as categorical even if they look numeric
 * @param foldColumn   the column of integer fold numbers that fixes the CV folds, or null to draw
 *                     them with the search's CV seed
 */
public record DatasetRef(String name, FileRef train, FileRef test, double testFraction, long testSeed, String target,
                         List<String> categorical, String foldColumn) {

    public DatasetRef(String name, FileRef train, FileRef test, double testFraction, long testSeed, String target,
                      List<String> categorical) {
        this(name, train, test, testFraction, testSeed, target, categorical, null);
    }

    public DatasetRef {
        Checks.text(name, "name");
        Checks.present(train, "train");
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new IllegalArgumentException("testFraction must be in [0, 1), found " + testFraction);
        }
        if (test != null && testFraction != 0) {
            throw new IllegalArgumentException(
                    "testFraction must be 0 when a test file is given (" + test.displayName() + "), found " + testFraction);
        }
        Checks.text(target, "target");
        categorical = Checks.texts(categorical, "categorical");
        if (foldColumn != null) {
            Checks.text(foldColumn, "foldColumn");
        }
    }

    /** The files to fetch: the training file, then the test file if there is one. */
    public List<FileRef> files() {
        return test == null ? List.of(train) : List.of(train, test);
    }

    /** The same reference with its CV folds fixed by {@code column} (null: drawn at random). */
    public DatasetRef withFoldColumn(String column) {
        return new DatasetRef(name, train, test, testFraction, testSeed, target, categorical, column);
    }

    /** A training file with a held-out test file. */
    public static DatasetRef withTestFile(String name, FileRef train, FileRef test, String target,
                                          List<String> categorical) {
        return new DatasetRef(name, train, Checks.present(test, "test"), 0, 0, target, categorical);
    }

    /** One file, of which a seeded fraction is held out for the final test score. */
    public static DatasetRef withSplit(String name, FileRef train, double testFraction, long testSeed, String target,
                                       List<String> categorical) {
        return new DatasetRef(name, train, null, testFraction, testSeed, target, categorical);
    }
}
