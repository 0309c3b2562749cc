package dev.trialstream.core.prep;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What scoring does with a category the model never saw in training (it encodes as all zeros, so
 * the prediction moves): fail, say so, or stay quiet.
 */
public enum UnknownCategoryPolicy {
    /** Refuse to score: bad input, exit 2. */
    ERROR,
    /** Score and report the unknown values per column (the default). */
    WARN,
    /** Score silently. */
    IGNORE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static UnknownCategoryPolicy parse(String text) {
        for (UnknownCategoryPolicy policy : values()) {
            if (text != null && policy.wireName().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return policy;
            }
        }
        throw new IllegalArgumentException("unknown-categories must be one of [error, warn, ignore], found "
                + (text == null ? "null" : "\"" + text + "\""));
    }
}
