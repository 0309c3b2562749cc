package dev.trialstream.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Typed reads of a YAML tree that never throw: a value of the wrong type becomes a problem at its
 * path and an empty result, so reading goes on and every problem is found in one pass.
 */
final class Fields {

    private final Problems problems;

    Fields(Problems problems) {
        this.problems = problems;
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** How a value looks in a message: {@code "abc"}, {@code 2.5}, {@code a list}. */
    static String describe(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isTextual()) {
            return "\"" + node.textValue() + "\"";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        return node.asText();
    }

    /** The node as a mapping, or null after reporting what it is instead. */
    ObjectNode mapping(JsonNode node, String path) {
        if (node instanceof ObjectNode object) {
            return object;
        }
        problems.add(path, "must be a mapping, found " + describe(node));
        return null;
    }

    /** Reports every key of {@code node} that is not in {@code known}. */
    void onlyKnown(ObjectNode node, String path, List<String> known) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.add(child(path, name), "unknown field; known: " + String.join(", ", known));
            }
        }
    }

    /** The value under {@code key}, or null when absent; an explicit null is reported as missing. */
    JsonNode present(ObjectNode node, String key, String path) {
        JsonNode value = node.get(key);
        if (value == null) {
            return null;
        }
        if (value.isNull()) {
            problems.add(child(path, key), "value is missing");
            return null;
        }
        return value;
    }

    /** An integer in [min, max], reported with "must be positive, found -5" and the like. */
    Optional<Integer> integer(ObjectNode node, String key, String path, int min, int max) {
        return longValue(node, key, path, min, max).map(Long::intValue);
    }

    Optional<Long> longValue(ObjectNode node, String key, String path, long min, long max) {
        JsonNode value = present(node, key, path);
        if (value == null) {
            return Optional.empty();
        }
        String at = child(path, key);
        boolean integral = value.isIntegralNumber() && value.canConvertToLong()
                || value.isFloatingPointNumber() && value.doubleValue() == Math.rint(value.doubleValue())
                && Math.abs(value.doubleValue()) < 9e15;
        if (!integral) {
            problems.add(at, "must be an integer, found " + describe(value));
            return Optional.empty();
        }
        long number = value.asLong();
        String problem = Checks.between(number, min, max);
        if (problem != null) {
            problems.add(at, problem);
            return Optional.empty();
        }
        return Optional.of(number);
    }

    Optional<Double> real(ObjectNode node, String key, String path) {
        JsonNode value = present(node, key, path);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
            problems.add(child(path, key), "must be a number, found " + describe(value));
            return Optional.empty();
        }
        return Optional.of(value.doubleValue());
    }

    Optional<Boolean> bool(ObjectNode node, String key, String path) {
        JsonNode value = present(node, key, path);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            problems.add(child(path, key), "must be true or false, found " + describe(value));
            return Optional.empty();
        }
        return Optional.of(value.booleanValue());
    }

    /** Text; a bare number or boolean is taken as its text, since YAML reads {@code 2024} as a number. */
    Optional<String> text(ObjectNode node, String key, String path) {
        JsonNode value = present(node, key, path);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isValueNode() || value.asText().isBlank()) {
            problems.add(child(path, key), "must be a non-empty text, found " + describe(value));
            return Optional.empty();
        }
        return Optional.of(value.asText());
    }

    Optional<List<String>> textList(ObjectNode node, String key, String path) {
        JsonNode value = present(node, key, path);
        if (value == null) {
            return Optional.empty();
        }
        String at = child(path, key);
        if (!value.isArray()) {
            problems.add(at, "must be a list, found " + describe(value));
            return Optional.empty();
        }
        List<String> texts = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isValueNode() || item.isNull() || item.asText().isBlank()) {
                problems.add(at + "[" + i + "]", "must be a non-empty text, found " + describe(item));
                ok = false;
            } else {
                texts.add(item.asText());
            }
        }
        return ok ? Optional.of(texts) : Optional.empty();
    }
}
