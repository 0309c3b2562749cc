package dev.trialstream.core.params;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Map;

/**
 * Weight initializers, as Keras defines them: {@code xavier} = glorot_uniform (Keras' default),
 * {@code xavier_normal} = glorot_normal, {@code he} = he_normal, {@code he_uniform},
 * {@code lecun} = lecun_normal, {@code uniform} = U(-0.05, 0.05), {@code normal} = N(0, 0.05).
 * Biases start at zero.
 */
public enum WeightInit {
    XAVIER, XAVIER_NORMAL, HE, HE_UNIFORM, LECUN, UNIFORM, NORMAL;

    private static final Map<String, WeightInit> ALIASES = Map.of(
            "glorot_uniform", XAVIER, "glorot_normal", XAVIER_NORMAL, "he_normal", HE,
            "relu", HE, "lecun_normal", LECUN, "random_uniform", UNIFORM, "random_normal", NORMAL);

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @JsonCreator
    public static WeightInit parse(String text) {
        return Names.parse(WeightInit.class, values(), ALIASES, "weightInit", text);
    }
}
