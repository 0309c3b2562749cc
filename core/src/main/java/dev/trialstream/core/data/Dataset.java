package dev.trialstream.core.data;

/**
 * A parsed dataset: training rows (cross-validated and finally fitted on) and held-out test rows
 * (scored once by the final model; may be empty).
 *
 * @param name        built-in name or the training file's display name
 * @param target      the numeric target column, present in both tables without missing values
 * @param train       the training rows
 * @param test        the test rows, same columns and kinds as {@code train}; possibly 0 rows
 * @param source      where the rows came from and how they were split, for people
 * @param fingerprint content hash of the raw inputs ({@link DatasetSource#fingerprint()})
 * @param folds       the training rows' cross-validation folds when the data names them (its fold
 *                    column, already removed from both tables), or null to draw folds at random
 */
public record Dataset(String name, String target, Table train, Table test, String source, String fingerprint,
                      PredefinedFolds folds) {

    /** A dataset whose cross-validation folds are drawn at random. */
    public Dataset(String name, String target, Table train, Table test, String source, String fingerprint) {
        this(name, target, train, test, source, fingerprint, null);
    }

    public Dataset {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must be set, found \"" + name + "\"");
        }
        if (train == null || test == null) {
            throw new IllegalArgumentException("train and test tables of dataset " + name + " must be set");
        }
        if (train.rows() == 0) {
            throw new IllegalArgumentException("dataset " + name + " needs at least one training row");
        }
        requireTargetValues(train, target);
        if (!test.kinds().equals(train.kinds())) {
            throw new IllegalArgumentException("test table " + test.source() + " must have the columns of "
                    + train.source() + " " + train.kinds() + ", found " + test.kinds());
        }
        if (train.columns().size() < 2) {
            throw new IllegalArgumentException(
                    "dataset " + name + " has only the target column \"" + target + "\": no features");
        }
        if (fingerprint == null || fingerprint.isBlank()) {
            throw new IllegalArgumentException("fingerprint of dataset " + name + " must be set");
        }
        requireTargetValues(test, target);
        if (folds != null && folds.labels().length != train.rows()) {
            throw new IllegalArgumentException("fold column \"" + folds.column() + "\" labels " + folds.labels().length
                    + " rows but " + train.source() + " has " + train.rows() + " training rows");
        }
    }

    private static void requireTargetValues(Table table, String target) {
        NumericColumn column = table.numeric(target);
        for (int row = 0; row < table.rows(); row++) {
            if (column.isMissing(row)) {
                throw new IllegalArgumentException("file " + table.source() + ", line " + table.line(row)
                        + ", target column \"" + target + "\": the value is missing");
            }
        }
    }

    /** Number of raw feature columns (all but the target), before one-hot expansion. */
    public int featureColumns() {
        return train.columns().size() - 1;
    }
}
