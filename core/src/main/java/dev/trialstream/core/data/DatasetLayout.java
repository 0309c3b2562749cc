package dev.trialstream.core.data;

import java.util.List;

/**
 * How a dataset's files are read, whatever carries their bytes: the one descriptor that both a
 * {@link DatasetSource} (the bytes in hand) and a message's dataset reference (the bytes on Kafka,
 * by hash) hold, so a submitter and a worker read the same table without copying field by field.
 *
 * @param name         the dataset's name: a built-in's name, or the training file's display name
 * @param target       the target column
 * @param categorical  columns read as categories whatever they look like
 * @param testFraction without a test file: the fraction of the training file's rows held out, in [0, 1)
 * @param testSeed     the seed of that split
 * @param foldColumn   the column of integer fold numbers that fixes the CV folds, or null to draw
 *                     them with the search's CV seed
 */
public record DatasetLayout(String name, String target, List<String> categorical, double testFraction, long testSeed,
                            String foldColumn) {

    public DatasetLayout {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must be set, found \"" + name + "\"");
        }
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("target of dataset " + name + " must be set, found \"" + target + "\"");
        }
        TestFraction.require("testFraction", testFraction);
        categorical = categorical == null ? List.of() : List.copyOf(categorical);
        for (int i = 0; i < categorical.size(); i++) {
            if (categorical.get(i).isBlank()) {
                throw new IllegalArgumentException("categorical[" + i + "] must not be blank");
            }
        }
        if (categorical.contains(target)) {
            throw new IllegalArgumentException(
                    "target column \"" + target + "\" is listed as categorical but must be numeric");
        }
        FoldColumns.check(foldColumn, target, categorical);
    }

    /** The same reading without a random test split (a test file holds the test rows instead). */
    public DatasetLayout withoutSplit() {
        return testFraction == 0 && testSeed == 0 ? this
                : new DatasetLayout(name, target, categorical, 0, 0, foldColumn);
    }
}
