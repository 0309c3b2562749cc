package dev.trialstream.core.data;

/** One named column of a {@link Table}; its values are immutable once built. */
public sealed interface Column permits NumericColumn, CategoricalColumn {

    String name();

    ColumnKind kind();

    int size();

    /** Whether the value at {@code row} was missing in the source (empty, NA, ?, ...). */
    boolean isMissing(int row);

    /** A new column holding the values at {@code rows}, in that order. */
    Column select(int[] rows);
}
