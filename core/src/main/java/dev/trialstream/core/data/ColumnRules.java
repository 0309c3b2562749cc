package dev.trialstream.core.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a reader must enforce beyond well-formed CSV.
 *
 * @param target the target column: it must exist, is read as numbers and may not miss a value;
 *               null when the file need not have one (new rows to predict)
 * @param kinds  columns whose kind is fixed rather than inferred; each must exist in the file
 * @param kindsFrom why those columns must exist, said when one is missing (e.g. {@code "the model was
 *               trained on it"}); empty when they are the user's own list (the categorical columns)
 */
public record ColumnRules(String target, Map<String, ColumnKind> kinds, String kindsFrom) {

    /** Columns of fixed kind the user listed. */
    public ColumnRules(String target, Map<String, ColumnKind> kinds) {
        this(target, kinds, "");
    }

    /** The columns a model was trained on, each with its kind: new rows must have them all. */
    public static ColumnRules trainedOn(String target, Map<String, ColumnKind> kinds) {
        return new ColumnRules(target, kinds, "the model was trained on it");
    }

    public ColumnRules {
        kindsFrom = kindsFrom == null ? "" : kindsFrom;
        if (target != null && target.isBlank()) {
            throw new IllegalArgumentException("target must be null or a column name, found \"" + target + "\"");
        }
        kinds = kinds == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(kinds));
        if (target != null && kinds.get(target) == ColumnKind.CATEGORICAL) {
            throw new IllegalArgumentException("target column \"" + target + "\" is listed as categorical"
                    + " but must be numeric");
        }
    }

    /** No target, every kind inferred. */
    public static ColumnRules none() {
        return new ColumnRules(null, Map.of());
    }

    /** The given columns are categorical; the rest inferred; no target. */
    public static ColumnRules categorical(List<String> categorical) {
        return new ColumnRules(null, categoricalKinds(categorical));
    }

    /** A target column plus the columns that are categorical whatever they look like. */
    public static ColumnRules of(String target, List<String> categorical) {
        return new ColumnRules(target, categoricalKinds(categorical));
    }

    private static Map<String, ColumnKind> categoricalKinds(List<String> categorical) {
        Map<String, ColumnKind> kinds = new LinkedHashMap<>();
        for (String name : categorical) {
            kinds.put(name, ColumnKind.CATEGORICAL);
        }
        return kinds;
    }
}
