package dev.trialstream.core.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A column-oriented table that remembers where it came from: the source file's display name and
 * the physical line each row started on, so that any later complaint can still name both.
 */
public final class Table {

    private final String source;
    private final List<Column> columns;
    private final Map<String, Column> byName;
    private final int[] lines;

    /**
     * @param source  display name of the file (or other origin) the rows came from
     * @param columns the columns, all of one length, with distinct names
     * @param lines   per row, the 1-based physical line it started on in {@code source}
     */
    public Table(String source, List<Column> columns, int[] lines) {
        this(source, List.copyOf(columns), lines.clone(), null);
    }

    private Table(String source, List<Column> columns, int[] lines, Void owned) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("source must be set, found \"" + source + "\"");
        }
        Map<String, Column> names = new HashMap<>();
        for (Column column : columns) {
            if (names.put(column.name(), column) != null) {
                throw new IllegalArgumentException("column \"" + column.name() + "\" appears twice in " + source);
            }
            if (column.size() != lines.length) {
                throw new IllegalArgumentException("column \"" + column.name() + "\" of " + source + " has "
                        + column.size() + " rows but the table has " + lines.length);
            }
        }
        this.source = source;
        this.columns = columns;
        this.byName = names;
        this.lines = lines;
    }

    /** Wraps columns the caller just built and will not touch again (no defensive copies). */
    static Table owning(String source, List<Column> columns, int[] lines) {
        return new Table(source, Collections.unmodifiableList(columns), lines, null);
    }

    static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a column name must not be blank, found \"" + name + "\"");
        }
        return name;
    }

    public String source() {
        return source;
    }

    public int rows() {
        return lines.length;
    }

    public List<Column> columns() {
        return columns;
    }

    public List<String> columnNames() {
        List<String> names = new ArrayList<>(columns.size());
        for (Column column : columns) {
            names.add(column.name());
        }
        return names;
    }

    /** Column name → kind, in column order. */
    public Map<String, ColumnKind> kinds() {
        Map<String, ColumnKind> kinds = new LinkedHashMap<>();
        for (Column column : columns) {
            kinds.put(column.name(), column.kind());
        }
        return Collections.unmodifiableMap(kinds);
    }

    public boolean hasColumn(String name) {
        return byName.containsKey(name);
    }

    /** @throws DataException naming this table's source and the columns it has */
    public Column column(String name) {
        Column column = byName.get(name);
        if (column == null) {
            throw new DataException("column \"" + name + "\" not found in " + source + "; columns: "
                    + String.join(", ", columnNames()));
        }
        return column;
    }

    /** @throws DataException when the column is missing or holds categories */
    public NumericColumn numeric(String name) {
        if (column(name) instanceof NumericColumn numeric) {
            return numeric;
        }
        throw new DataException("column \"" + name + "\" of " + source + " is categorical, expected numbers");
    }

    /** @throws DataException when the column is missing or holds numbers */
    public CategoricalColumn categorical(String name) {
        if (column(name) instanceof CategoricalColumn categorical) {
            return categorical;
        }
        throw new DataException("column \"" + name + "\" of " + source + " is numeric, expected categories");
    }

    /** The 1-based physical line in {@link #source()} that {@code row} started on. */
    public int line(int row) {
        return lines[row];
    }

    /** A new table of the rows at {@code rows}, in that order, keeping their line numbers. */
    public Table select(int[] rows) {
        int[] picked = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= lines.length) {
                throw new IndexOutOfBoundsException(
                        "row " + rows[i] + " is outside " + source + " (" + lines.length + " rows)");
            }
            picked[i] = lines[rows[i]];
        }
        List<Column> selected = new ArrayList<>(columns.size());
        for (Column column : columns) {
            selected.add(column.select(rows));
        }
        return new Table(source, Collections.unmodifiableList(selected), picked, null);
    }

    /** This table without column {@code name}; the table itself when it has no such column. */
    public Table without(String name) {
        if (!hasColumn(name)) {
            return this;
        }
        List<Column> kept = new ArrayList<>(columns);
        kept.removeIf(column -> column.name().equals(name));
        return new Table(source, Collections.unmodifiableList(kept), lines, null);
    }

    /** Every row index, in order: {@code 0 .. rows()-1}. */
    public int[] allRows() {
        int[] all = new int[lines.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return all;
    }

    @Override
    public String toString() {
        return "Table[" + source + ", " + rows() + " rows, columns " + columnNames() + "]";
    }
}
