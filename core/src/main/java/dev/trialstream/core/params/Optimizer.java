package dev.trialstream.core.params;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Map;

/**
 * Optimizers. {@code nesterov} is SGD with Nesterov momentum 0.9; {@code adamw} is Adam with
 * decoupled weight decay (the {@code l2} value is its decay coefficient, 0.01 when l2 is 0).
 */
public enum Optimizer {
    SGD, NESTEROV, ADAM, ADAMW, RMSPROP, ADAGRAD, NADAM;

    private static final Map<String, Optimizer> ALIASES =
            Map.of("momentum", NESTEROV, "sgd_nesterov", NESTEROV, "nesterovs", NESTEROV);

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @JsonCreator
    public static Optimizer parse(String text) {
        return Names.parse(Optimizer.class, values(), ALIASES, "optimizer", text);
    }
}
