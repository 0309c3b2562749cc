package dev.trialstream.core.params;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Map;

/** Hidden-layer activation functions, named as Keras names them. */
public enum Activation {
    RELU, TANH, SIGMOID, ELU, LEAKYRELU, SELU;

    private static final Map<String, Activation> ALIASES = Map.of("leaky_relu", LEAKYRELU);

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @JsonCreator
    public static Activation parse(String text) {
        return Names.parse(Activation.class, values(), ALIASES, "activation", text);
    }
}
