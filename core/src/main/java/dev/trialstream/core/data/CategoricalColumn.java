package dev.trialstream.core.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/** A column of category labels; a missing value is {@code null}. */
public final class CategoricalColumn implements Column {

    /** Most one-hot columns a single categorical column may become. */
    public static final int MAX_CATEGORIES = 1000;

    private final String name;
    private final String[] values;

    /** Copies {@code values}; a label must not be blank ({@code null} marks a missing value). */
    public CategoricalColumn(String name, String[] values) {
        this(Table.requireName(name), values.clone(), null);
        for (int i = 0; i < this.values.length; i++) {
            if (this.values[i] != null && this.values[i].isBlank()) {
                throw new IllegalArgumentException(
                        "column \"" + name + "\" row " + i + " has a blank label; use null for a missing value");
            }
        }
    }

    /** Takes ownership of {@code values} without copying: for the reader and {@link #select}. */
    private CategoricalColumn(String name, String[] values, Void owned) {
        this.name = name;
        this.values = values;
    }

    static CategoricalColumn owning(String name, String[] values) {
        return new CategoricalColumn(Table.requireName(name), values, null);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ColumnKind kind() {
        return ColumnKind.CATEGORICAL;
    }

    @Override
    public int size() {
        return values.length;
    }

    /** The label at {@code row}, {@code null} when missing. */
    public String get(int row) {
        return values[row];
    }

    /**
     * The first row whose label the CSV reader would not read as a number (missing cells aside), as
     * in a column of numbers with text among them; -1 when every label is a number.
     */
    public int firstNonNumberRow() {
        for (int row = 0; row < values.length; row++) {
            if (values[row] != null && Double.isNaN(Cells.parseNumber(values[row]))) {
                return row;
            }
        }
        return -1;
    }

    @Override
    public boolean isMissing(int row) {
        return values[row] == null;
    }

    /** Number of missing values. */
    public int missingCount() {
        return (int) Arrays.stream(values).filter(Objects::isNull).count();
    }

    /**
     * The distinct labels, refused beyond {@link #MAX_CATEGORIES}: an id or free-text column
     * would one-hot into thousands of inputs.
     *
     * @throws DataException naming the column, the file, the count and a label
     */
    public List<String> encodableCategories(String source) {
        List<String> categories = categories();
        if (categories.size() > MAX_CATEGORIES) {
            throw new DataException("column \"" + name + "\" of " + source + " has " + categories.size()
                    + " distinct categories, more than " + MAX_CATEGORIES + " a one-hot encoding allows;"
                    + " is it an id or free text? (first: \"" + categories.get(0) + "\")");
        }
        return categories;
    }

    /** The distinct non-missing labels, sorted. */
    public List<String> categories() {
        TreeSet<String> categories = new TreeSet<>();
        for (String value : values) {
            if (value != null) {
                categories.add(value);
            }
        }
        return List.copyOf(categories);
    }

    @Override
    public CategoricalColumn select(int[] rows) {
        String[] picked = new String[rows.length];
        for (int i = 0; i < rows.length; i++) {
            picked[i] = values[rows[i]];
        }
        return new CategoricalColumn(name, picked, null);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CategoricalColumn that && name.equals(that.name) && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "CategoricalColumn[" + name + ", " + values.length + " rows]";
    }
}
