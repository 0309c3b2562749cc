package dev.trialstream.core.message;

import dev.trialstream.core.data.DatasetLayout;
import java.util.List;

/**
 * Everything a worker needs to rebuild the exact table a search trains on, with no shared disk:
 * how to read it (the same {@link DatasetLayout} the submitter read it with) and the files'
 * bytes by hash.
 *
 * @param layout how the files are read; with a test file it holds no random split
 * @param train  the training CSV (for a split, the whole file before the split)
 * @param test   a held-out CSV with the same columns, or null to split {@code train}
 */
public record DatasetRef(DatasetLayout layout, FileRef train, FileRef test) {

    public DatasetRef {
        Checks.present(layout, "layout");
        Checks.present(train, "train");
        if (test != null && layout.testFraction() != 0) {
            throw new IllegalArgumentException("layout.testFraction must be 0 when a test file is given ("
                    + test.displayName() + "), found " + layout.testFraction());
        }
    }

    /** The dataset's name, for logs and bundles. */
    public String name() {
        return layout.name();
    }

    /** The files to fetch: the training file, then the test file if there is one. */
    public List<FileRef> files() {
        return test == null ? List.of(train) : List.of(train, test);
    }

    /** The same reference with its CV folds fixed by {@code column} (null: drawn at random). */
    public DatasetRef withFoldColumn(String column) {
        return new DatasetRef(new DatasetLayout(layout.name(), layout.target(), layout.categorical(),
                layout.testFraction(), layout.testSeed(), column), train, test);
    }

    /** A training file with a held-out test file. */
    public static DatasetRef withTestFile(String name, FileRef train, FileRef test, String target,
                                          List<String> categorical) {
        return new DatasetRef(new DatasetLayout(name, target, categorical, 0, 0, null), train,
                Checks.present(test, "test"));
    }

    /** One file, of which a seeded fraction is held out for the final test score. */
    public static DatasetRef withSplit(String name, FileRef train, double testFraction, long testSeed, String target,
                                       List<String> categorical) {
        return new DatasetRef(new DatasetLayout(name, target, categorical, testFraction, testSeed, null), train, null);
    }
}
