package dev.trialstream.core.data;

import java.util.Arrays;

/** A numeric column; a missing value is {@code NaN}. */
public final class NumericColumn implements Column {

    private final String name;
    private final double[] values;

    /** Copies {@code values}; each must be finite or {@code NaN} (missing). */
    public NumericColumn(String name, double[] values) {
        this(Table.requireName(name), values.clone(), null);
        for (int i = 0; i < this.values.length; i++) {
            if (Double.isInfinite(this.values[i])) {
                throw new IllegalArgumentException("column \"" + name + "\" row " + i
                        + " must be finite or NaN (missing), found " + this.values[i]);
            }
        }
    }

    /** Takes ownership of {@code values} without copying: for the reader and {@link #select}. */
    private NumericColumn(String name, double[] values, Void owned) {
        this.name = name;
        this.values = values;
    }

    static NumericColumn owning(String name, double[] values) {
        return new NumericColumn(Table.requireName(name), values, null);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ColumnKind kind() {
        return ColumnKind.NUMERIC;
    }

    @Override
    public int size() {
        return values.length;
    }

    /** The value at {@code row}, {@code NaN} when missing. */
    public double get(int row) {
        return values[row];
    }

    @Override
    public boolean isMissing(int row) {
        return Double.isNaN(values[row]);
    }

    /** Number of missing values. */
    public int missingCount() {
        int missing = 0;
        for (double value : values) {
            if (Double.isNaN(value)) {
                missing++;
            }
        }
        return missing;
    }

    /** A copy of all values. */
    public double[] values() {
        return values.clone();
    }

    @Override
    public NumericColumn select(int[] rows) {
        double[] picked = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            picked[i] = values[rows[i]];
        }
        return new NumericColumn(name, picked, null);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NumericColumn that && name.equals(that.name) && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "NumericColumn[" + name + ", " + values.length + " rows]";
    }
}
