package dev.trialstream.core.data;

import dev.trialstream.core.text.DidYouMean;
import java.util.List;
import java.util.Optional;

/**
 * What is wrong with a column name a file lacks, said the same way for a spec field
 * ({@code data.target: ...}) and a flag ({@code --target: ...}): the file, the name, the nearest
 * column when it differs only in case or by one typo (names are matched exactly), and the columns.
 */
public final class ColumnNames {

    /** Enough to find a name in; a file of thousands of columns is not listed whole. */
    static final int MAX_LISTED = 40;

    /** Shorter names are not corrected for a typo, only for case. */
    static final int MIN_TYPO_LENGTH = 4;

    private ColumnNames() {
    }

    /** Empty when {@code columns} holds {@code column}. */
    public static Optional<String> problem(String file, List<String> columns, String column) {
        if (columns.contains(column)) {
            return Optional.empty();
        }
        String nearest = nearest(column, columns);
        String oneColumn = columns.size() == 1
                ? " (one column: the header line must separate names by a comma, semicolon or tab)" : "";
        return Optional.of("file " + file + " has no column \"" + column + "\"" + nearest + "; its columns: "
                + listed(columns) + oneColumn);
    }

    /**
     * " (did you mean price?)" for a name that differs only in case, or by one typo when it is long
     * enough for a typo to be told from another name ("y" is one edit from every one-letter name); else "".
     */
    static String nearest(String column, List<String> columns) {
        return DidYouMean.among(column, columns)
                .filter(name -> name.equalsIgnoreCase(column) || column.length() >= MIN_TYPO_LENGTH)
                .map(name -> " (did you mean " + name + "?)").orElse("");
    }

    /** The names comma-separated; past {@link #MAX_LISTED}, the first ones and how many in all. */
    static String listed(List<String> columns) {
        if (columns.size() <= MAX_LISTED) {
            return String.join(", ", columns);
        }
        return String.join(", ", columns.subList(0, MAX_LISTED)) + ", ... (" + columns.size() + " in all)";
    }
}
