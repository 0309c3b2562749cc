package dev.trialstream.core.status;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a trial is. Every state but {@link #RUNNING} is terminal. */
public enum TrialState {
    /** Requested or training. */
    RUNNING,
    /** Ran every epoch, or stopped by its own patience rule. */
    COMPLETED,
    /** Stopped from outside between epochs (the pruning policy, a cancel). */
    PRUNED,
    /** Diverged (NaN/∞ loss), could not be built, or its data could not be read. */
    FAILED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean ended() {
        return this != RUNNING;
    }

    /** By wire name; the constant's own name is accepted too (aggregator state stored before wire names). */
    @JsonCreator
    public static TrialState parse(String text) {
        for (TrialState state : values()) {
            if (state.wireName().equals(text) || state.name().equals(text)) {
                return state;
            }
        }
        throw new IllegalArgumentException("trial state must be one of " + Arrays.stream(values())
                .map(TrialState::wireName).collect(Collectors.joining(", ", "[", "]")) + ", found \"" + text + "\"");
    }
}
