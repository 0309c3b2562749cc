package dev.trialstream.core.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the aggregator stops unpromising trials between epochs. */
public enum PruningPolicy {
    /** Every trial runs its epochs (or stops by its own patience). */
    NONE,
    /** Stop a trial whose best value so far is worse than the median of earlier trials at the same epoch. */
    MEDIAN,
    /** Asynchronous successive halving, stopping variant: keep the top 1/eta at each rung. */
    ASHA;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException "must be one of [none, median, asha], found \"foo\"" */
    public static PruningPolicy parse(String text) {
        String key = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (PruningPolicy policy : values()) {
            if (policy.wireName().equals(key)) {
                return policy;
            }
        }
        throw new IllegalArgumentException("must be one of [" + Arrays.stream(values()).map(PruningPolicy::wireName)
                .collect(Collectors.joining(", ")) + "], found " + (text == null ? "null" : "\"" + text + "\""));
    }
}
