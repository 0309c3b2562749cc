package dev.trialstream.core.spec;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The search strategies a spec may name. */
public enum StrategyType {
    /** Every point of a Cartesian product of choices, in a fixed order. */
    GRID,
    /** Independent seeded samples of the space. */
    RANDOM,
    /** A scrambled Halton sequence: random-looking, but spread more evenly for small budgets. */
    QUASIRANDOM,
    /** Tree-structured Parzen estimator: proposes from the finished trials (adaptive). */
    TPE,
    /** Random trials in brackets of epoch budgets, each stopped by successive halving. */
    HYPERBAND;

    /** Names that later versions will accept, so that a spec using one gets a plain "not yet". */
    private static final List<String> PLANNED = List.of();

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** "grid, random, quasirandom, tpe, hyperband". */
    public static String supported() {
        return Arrays.stream(values()).map(StrategyType::wireName).collect(Collectors.joining(", "));
    }

    /**
     * @throws IllegalArgumentException "must be one of [grid, random], found \"foo\"", or for a
     *                                  planned strategy "\"tpe\" is not supported yet; supported: grid, random"
     */
    public static StrategyType parse(String text) {
        String key = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (StrategyType type : values()) {
            if (type.wireName().equals(key)) {
                return type;
            }
        }
        if (PLANNED.contains(key)) {
            throw new IllegalArgumentException("\"" + text + "\" is not supported yet; supported: " + supported());
        }
        throw new IllegalArgumentException("must be one of [" + supported() + "], found "
                + (text == null ? "null" : "\"" + text + "\""));
    }
}
