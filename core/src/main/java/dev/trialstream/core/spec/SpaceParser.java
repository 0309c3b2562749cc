package dev.trialstream.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trialstream.core.params.ParamName;
import dev.trialstream.core.space.Domain;
import dev.trialstream.core.space.ParamValues;
import dev.trialstream.core.space.SearchSpace;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code space} section. Per parameter: {@code {fixed: v}}, {@code {choice: [..]}},
 * {@code {intRange: {min, max, step}}}, {@code {uniform: {min, max}}}, {@code {logUniform: {min, max}}};
 * a bare value is short for fixed and a bare list for choice.
 */
final class SpaceParser {

    static final String MISSING = "required; a search needs a space of hyperparameters to search,"
            + " e.g. space: {neurons: [32, 64]}";

    static final List<String> DOMAIN_TYPES = List.of("fixed", "choice", "intRange", "uniform", "logUniform");

    private final Problems problems;
    private final Fields fields;

    SpaceParser(Problems problems, Fields fields) {
        this.problems = problems;
        this.fields = fields;
    }

    /**
     * The space, or null when it has problems (all of them reported). A spec must have one: left
     * out, every trial would train the one default configuration, which is no search.
     */
    SearchSpace parse(JsonNode node, String path) {
        if (node == null) {
            problems.add(path, MISSING);
            return null;
        }
        ObjectNode space = fields.mapping(node, path);
        if (space == null) {
            return null;
        }
        int before = problems.count();
        Map<ParamName, Domain> domains = new EnumMap<>(ParamName.class);
        for (Map.Entry<String, JsonNode> entry : space.properties()) {
            String at = Fields.child(path, entry.getKey());
            ParamName name = paramName(entry.getKey());
            if (name == null) {
                problems.add(at, "unknown parameter; known: " + ParamName.knownNames());
                continue;
            }
            Domain domain = domain(name, entry.getValue(), at);
            if (domain != null) {
                domains.put(name, domain);
            }
        }
        if (problems.count() > before) {
            return null;
        }
        try {
            return new SearchSpace(domains);
        } catch (IllegalArgumentException e) {
            problems.add(path, e.getMessage());
            return null;
        }
    }

    private static ParamName paramName(String key) {
        for (ParamName name : ParamName.values()) {
            if (name.wireName().equals(key)) {
                return name;
            }
        }
        return null;
    }

    private Domain domain(ParamName name, JsonNode node, String path) {
        if (node == null || node.isNull()) {
            problems.add(path, "value is missing");
            return null;
        }
        if (node.isArray()) {
            return choice(name, node, path);
        }
        if (!node.isObject()) {
            return value(name, node, path).map(Domain.Fixed::new).orElse(null);
        }
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        boolean unknown = false;
        for (String key : keys) {
            if (!DOMAIN_TYPES.contains(key)) {
                problems.add(Fields.child(path, key), "unknown domain" + meant(key) + "; known: "
                        + String.join(", ", DOMAIN_TYPES));
                unknown = true;
            }
        }
        if (unknown) {
            return null;
        }
        if (keys.size() != 1) {
            problems.add(path, "needs exactly one of " + String.join(", ", DOMAIN_TYPES) + ", found "
                    + (keys.isEmpty() ? "none" : String.join(", ", keys)));
            return null;
        }
        String type = keys.get(0);
        String at = Fields.child(path, type);
        if (!ParamValues.admits(name, type)) {
            problems.add(at, ParamValues.kindMismatch(name));
            return null;
        }
        JsonNode body = node.get(type);
        return switch (type) {
            case "fixed" -> {
                if (body.isNull()) {
                    problems.add(at, "value is missing");
                    yield null;
                }
                yield value(name, body, at).map(Domain.Fixed::new).orElse(null);
            }
            case "choice" -> {
                if (!body.isArray()) {
                    problems.add(at, "must be a list, found " + Fields.describe(body));
                    yield null;
                }
                yield choice(name, body, at);
            }
            case "intRange" -> intRange(name, body, at);
            default -> continuous(name, type, body, at);
        };
    }

    private Optional<Object> value(ParamName name, JsonNode node, String path) {
        if (node.isContainerNode()) {
            problems.add(path, "must be a single value, found " + Fields.describe(node));
            return Optional.empty();
        }
        Object raw = node.isNumber() ? node.numberValue() : node.isNull() ? null : node.asText();
        try {
            return Optional.of(ParamValues.check(name, raw));
        } catch (IllegalArgumentException e) {
            problems.add(path, e.getMessage());
            return Optional.empty();
        }
    }

    private Domain choice(ParamName name, JsonNode list, String path) {
        if (list.isEmpty()) {
            problems.add(path, "needs at least one value");
            return null;
        }
        List<Object> values = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < list.size(); i++) {
            String at = path + "[" + i + "]";
            Optional<Object> value = value(name, list.get(i), at);
            if (value.isEmpty()) {
                ok = false;
                continue;
            }
            int earlier = values.indexOf(value.get());
            if (earlier >= 0) {
                problems.add(at, "repeats the value at index " + earlier + " (" + list.get(i).asText() + ")");
                ok = false;
            }
            values.add(value.get());
        }
        return ok ? new Domain.Choice(values) : null;
    }

    /** " (did you mean logUniform?)" for a domain name known but for its case; else nothing. */
    private static String meant(String key) {
        return DOMAIN_TYPES.stream().filter(type -> type.equalsIgnoreCase(key)).findFirst()
                .map(type -> " (did you mean " + type + "?)").orElse("");
    }

    /** A range's mapping; a list such as [0, 0.5] (or [8, 64, 8] for intRange) is told the mapping it stands for. */
    private ObjectNode rangeMapping(JsonNode body, String path, List<String> keys) {
        if (body != null && body.isArray()) {
            boolean numbers = body.size() >= 2 && body.size() <= keys.size();
            for (JsonNode value : body) {
                numbers &= value.isNumber();
            }
            List<String> pairs = new ArrayList<>();
            for (int i = 0; i < (numbers ? body.size() : 2); i++) {
                pairs.add(keys.get(i) + ": " + (numbers ? body.get(i).asText() : "..."));
            }
            problems.add(path, "must be a mapping such as {" + String.join(", ", pairs) + "}, found a list");
            return null;
        }
        return fields.mapping(body, path);
    }

    private Domain intRange(ParamName name, JsonNode body, String path) {
        List<String> keys = List.of("min", "max", "step");
        ObjectNode range = rangeMapping(body, path, keys);
        if (range == null) {
            return null;
        }
        int before = problems.count();
        fields.onlyKnown(range, path, keys);
        Optional<Integer> min = required(range, path, "min")
                .flatMap(n -> fields.integer(range, "min", path, Integer.MIN_VALUE, Integer.MAX_VALUE));
        Optional<Integer> max = required(range, path, "max")
                .flatMap(n -> fields.integer(range, "max", path, Integer.MIN_VALUE, Integer.MAX_VALUE));
        Optional<Integer> step = fields.integer(range, "step", path, 1, Integer.MAX_VALUE);
        if (problems.count() > before) {
            return null;
        }
        Domain.IntRange domain;
        try {
            domain = new Domain.IntRange(min.get(), max.get(), step.orElse(1));
        } catch (IllegalArgumentException e) {
            problems.add(path, e.getMessage());
            return null;
        }
        return bounds(name, domain.min(), domain.last(), path) ? domain : null;
    }

    private Domain continuous(ParamName name, String type, JsonNode body, String path) {
        List<String> keys = List.of("min", "max");
        ObjectNode range = rangeMapping(body, path, keys);
        if (range == null) {
            return null;
        }
        int before = problems.count();
        fields.onlyKnown(range, path, keys);
        Optional<Double> min = required(range, path, "min").flatMap(n -> fields.real(range, "min", path));
        Optional<Double> max = required(range, path, "max").flatMap(n -> fields.real(range, "max", path));
        if (problems.count() > before) {
            return null;
        }
        Domain domain;
        try {
            domain = type.equals("uniform")
                    ? new Domain.Uniform(min.get(), max.get())
                    : new Domain.LogUniform(min.get(), max.get());
        } catch (IllegalArgumentException e) {
            problems.add(path, e.getMessage());
            return null;
        }
        return bounds(name, min.get(), max.get(), path) ? domain : null;
    }

    /** Checks both ends of a range against the parameter, so sampling never yields an invalid value. */
    private boolean bounds(ParamName name, Object low, Object high, String path) {
        boolean ok = true;
        for (Map.Entry<String, Object> end : List.of(Map.entry("min", low), Map.entry("max", high))) {
            try {
                ParamValues.check(name, end.getValue());
            } catch (IllegalArgumentException e) {
                problems.add(Fields.child(path, end.getKey()), e.getMessage());
                ok = false;
            }
        }
        return ok;
    }

    private Optional<JsonNode> required(ObjectNode node, String path, String key) {
        JsonNode value = node.get(key);
        if (value == null) {
            problems.add(Fields.child(path, key), "required");
            return Optional.empty();
        }
        return Optional.of(value);
    }
}
