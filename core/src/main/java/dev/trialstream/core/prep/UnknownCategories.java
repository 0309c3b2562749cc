package dev.trialstream.core.prep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The categories in rows to score that a model's training rows never showed, per column, each
 * with the number of rows holding it. Such a value encodes as all zeros, so it silently moves the
 * prediction; this is what a caller reports or refuses.
 *
 * @param counts column → (value → rows), columns in model order, values in first-seen order
 */
public record UnknownCategories(Map<String, Map<String, Integer>> counts) {

    public UnknownCategories {
        Map<String, Map<String, Integer>> copy = new LinkedHashMap<>();
        counts.forEach((column, values) -> {
            if (!values.isEmpty()) {
                copy.put(column, Collections.unmodifiableMap(new LinkedHashMap<>(values)));
            }
        });
        counts = Collections.unmodifiableMap(copy);
    }

    public boolean isEmpty() {
        return counts.isEmpty();
    }

    /** Rows with at least one unknown value, counted per column and summed. */
    public int cells() {
        return counts.values().stream().flatMap(v -> v.values().stream()).mapToInt(Integer::intValue).sum();
    }

    /**
     * One clause per column, e.g. {@code column "ocean_proximity": 2 rows with unknown values
     * "UNDERWATER" (1), "near bay" (1); known: <1H OCEAN, INLAND}.
     */
    public List<String> describe(Map<String, List<String>> known) {
        List<String> lines = new ArrayList<>();
        counts.forEach((column, values) -> {
            int rows = values.values().stream().mapToInt(Integer::intValue).sum();
            List<String> shown = new ArrayList<>();
            values.forEach((value, n) -> shown.add("\"" + value + "\" (" + n + ")"));
            lines.add("column \"" + column + "\": " + rows + (rows == 1 ? " row has" : " rows have")
                    + " a category the model never saw: " + String.join(", ", shown)
                    + "; known: " + String.join(", ", known.getOrDefault(column, List.of())));
        });
        return lines;
    }
}
