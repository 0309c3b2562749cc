package dev.trialstream.core.data;

/** How a column's values are read: as numbers, or as category labels to one-hot encode. */
public enum ColumnKind {
    NUMERIC,
    CATEGORICAL
}
