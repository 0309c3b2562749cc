package dev.trialstream.core.spec;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How much of a shared worker fleet a search gets when searches compete for it: a weight. The
 * aggregator gives free slots to the search with the fewest trials in flight per unit of weight,
 * so two searches of weights 4 and 1 that both want more than the fleet hold it 4:1. Written as a
 * name ({@code low} = 1, {@code normal} = 2, {@code high} = 4) or as the weight itself (1-100).
 *
 * @param weight 1..{@value #MAX_WEIGHT}
 */
public record Priority(int weight) {

    public static final int MAX_WEIGHT = 100;
    public static final Priority LOW = new Priority(1);
    public static final Priority NORMAL = new Priority(2);
    public static final Priority HIGH = new Priority(4);

    private static final Map<String, Priority> NAMED = Map.of("low", LOW, "normal", NORMAL, "high", HIGH);

    public Priority {
        Checks.require("priority", weightProblem(weight));
    }

    /** "must be positive, found 0", or null for a weight in range. */
    static String weightProblem(long weight) {
        return Checks.between(weight, 1, MAX_WEIGHT);
    }

    /**
     * {@code high}, {@code normal}, {@code low} (any case) or a weight {@code 1..100}.
     *
     * @throws IllegalArgumentException "priority must be low, normal, high or a weight 1-100, found \"urgent\""
     */
    public static Priority parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        Priority named = NAMED.get(trimmed.toLowerCase(Locale.ROOT));
        if (named != null) {
            return named;
        }
        int weight;
        try {
            weight = Integer.parseInt(trimmed);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("priority " + SYNTAX + ", found \"" + text + "\"");
        }
        return new Priority(weight);
    }

    static final String SYNTAX = "must be low, normal, high or a weight 1-" + MAX_WEIGHT;

    /** The name a named weight goes by ({@code high}), if it has one. */
    public Optional<String> name() {
        return NAMED.entrySet().stream().filter(e -> e.getValue().equals(this)).map(Map.Entry::getKey).findFirst();
    }

    @Override
    public String toString() {
        return name().orElse(Integer.toString(weight));
    }
}
