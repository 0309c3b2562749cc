package dev.trialstream.core.data;

import dev.trialstream.core.space.Numbers;
import java.util.Arrays;

/**
 * Cross-validation folds given by the data rather than drawn at random: a column whose integer
 * value names the fold each training row is validated in (as scikit-learn's
 * {@code PredefinedSplit}). The column is not a feature; each distinct value is one fold, in
 * ascending order of value.
 *
 * @param column the fold column's name
 * @param labels per training row, its fold's value
 */
public record PredefinedFolds(String column, int[] labels) {

    public PredefinedFolds {
        Table.requireName(column);
        labels = labels.clone();
    }

    /**
     * Reads the fold of every row of {@code table} from {@code column}.
     *
     * @throws DataException naming the file, line and value when a value is missing or not an integer
     */
    public static PredefinedFolds read(Table table, String column) {
        if (!table.hasColumn(column)) {
            throw new DataException("file " + table.source() + " has no fold column \"" + column + "\"; its columns: "
                    + String.join(", ", table.columnNames()));
        }
        if (!(table.column(column) instanceof NumericColumn values)) {
            throw new DataException("file " + table.source() + ", fold column \"" + column
                    + "\" must hold integer fold numbers, but it reads as categorical");
        }
        int[] labels = new int[table.rows()];
        for (int row = 0; row < labels.length; row++) {
            double value = values.get(row);
            if (values.isMissing(row) || value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
                throw new DataException("file " + table.source() + ", line " + table.line(row) + ", fold column \""
                        + column + "\": a fold must be an integer, found "
                        + (values.isMissing(row) ? "a missing value" : Numbers.plain(value)));
            }
            labels[row] = (int) value;
        }
        return new PredefinedFolds(column, labels);
    }

    /** The distinct fold values, ascending: fold f validates the rows labelled {@code values()[f]}. */
    public int[] values() {
        return Arrays.stream(labels).distinct().sorted().toArray();
    }

    /** The rows labelled {@code values()[f]}, ascending. */
    public int[] rowsOf(int value) {
        int[] rows = new int[labels.length];
        int n = 0;
        for (int row = 0; row < labels.length; row++) {
            if (labels[row] == value) {
                rows[n++] = row;
            }
        }
        return Arrays.copyOf(rows, n);
    }
}
