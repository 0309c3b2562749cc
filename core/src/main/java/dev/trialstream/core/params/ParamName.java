package dev.trialstream.core.params;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The tunable parameters, by the names a spec and {@code --param NAME=VALUE} use. */
public enum ParamName {
    HIDDEN_LAYERS("hiddenLayers", Kind.INT),
    NEURONS("neurons", Kind.INT),
    DROPOUT("dropout", Kind.REAL),
    ACTIVATION("activation", Kind.CATEGORY),
    OPTIMIZER("optimizer", Kind.CATEGORY),
    LEARNING_RATE("learningRate", Kind.REAL),
    BATCH_SIZE("batchSize", Kind.INT),
    WEIGHT_INIT("weightInit", Kind.CATEGORY),
    LR_SCHEDULE("lrSchedule", Kind.CATEGORY),
    L2("l2", Kind.REAL);

    /** What values a parameter takes, which decides which domains may describe it. */
    public enum Kind { INT, REAL, CATEGORY }

    private final String wireName;
    private final Kind kind;

    ParamName(String wireName, Kind kind) {
        this.wireName = wireName;
        this.kind = kind;
    }

    public String wireName() {
        return wireName;
    }

    public Kind kind() {
        return kind;
    }

    public static ParamName parse(String text) {
        for (ParamName name : values()) {
            if (name.wireName.equals(text)) {
                return name;
            }
        }
        throw new IllegalArgumentException("unknown parameter \"" + text + "\"; known: " + knownNames());
    }

    public static String knownNames() {
        return Arrays.stream(values()).map(ParamName::wireName).collect(Collectors.joining(", "));
    }

    /**
     * Converts a raw value (a number, or text from YAML or the command line) to this
     * parameter's type: Integer, Double or the parameter's enum.
     *
     * @throws IllegalArgumentException naming this parameter and the value
     */
    public Object coerce(Object raw) {
        if (raw == null) {
            throw new IllegalArgumentException(wireName + ": value is missing");
        }
        return switch (this) {
            case ACTIVATION -> Activation.parse(raw.toString());
            case OPTIMIZER -> Optimizer.parse(raw.toString());
            case WEIGHT_INIT -> WeightInit.parse(raw.toString());
            case LR_SCHEDULE -> LrSchedule.parse(raw.toString());
            // The casts keep the ternary from promoting Integer to Double (numeric promotion).
            default -> kind == Kind.INT ? (Object) toInt(raw) : (Object) toDouble(raw);
        };
    }

    private Integer toInt(Object raw) {
        double value = toDouble(raw);
        if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(wireName + " must be an integer, found " + raw);
        }
        return (int) value;
    }

    private Double toDouble(Object raw) {
        if (raw instanceof Number number) {
            return number.doubleValue();
        }
        try {
            return Double.parseDouble(raw.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(wireName + " must be a number, found \"" + raw + "\"");
        }
    }
}
