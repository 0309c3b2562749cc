package dev.trialstream.core.data;

import java.util.List;

/** The rules a fold column's name must follow wherever it is given. */
final class FoldColumns {

    private FoldColumns() {
    }

    /** Null (no fold column) passes; otherwise a non-blank name that is neither the target nor categorical. */
    static void check(String foldColumn, String target, List<String> categorical) {
        if (foldColumn == null) {
            return;
        }
        if (foldColumn.isBlank()) {
            throw new IllegalArgumentException("foldColumn must not be blank");
        }
        if (foldColumn.equals(target)) {
            throw new IllegalArgumentException("foldColumn \"" + foldColumn + "\" is the target column; it must be"
                    + " a separate column of fold numbers");
        }
        if (categorical.contains(foldColumn)) {
            throw new IllegalArgumentException("foldColumn \"" + foldColumn + "\" is listed as categorical;"
                    + " fold numbers must be read as integers");
        }
    }
}
