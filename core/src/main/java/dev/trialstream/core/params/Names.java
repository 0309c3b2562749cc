package dev.trialstream.core.params;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Case-insensitive lookup of enum values by their lowercase wire name or an alias. */
final class Names {

    private Names() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, E[] values, Map<String, E> aliases, String what, String text) {
        if (text == null) {
            throw new IllegalArgumentException(what + " must be one of " + known(values) + ", found null");
        }
        String key = text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (E value : values) {
            if (value.name().toLowerCase(Locale.ROOT).equals(key)) {
                return value;
            }
        }
        E alias = aliases.get(key);
        if (alias != null) {
            return alias;
        }
        throw new IllegalArgumentException(what + " must be one of " + known(values) + ", found \"" + text + "\"");
    }

    private static <E extends Enum<E>> String known(E[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
