package dev.trialstream.core.params;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One trial's configuration. Every field is validated here so that a bad configuration fails
 * when it is decoded, not deep inside training.
 *
 * @param hiddenLayers number of hidden dense layers (1..16; a network without one would be a linear model in disguise)
 * @param neurons      units in every hidden layer
 * @param dropout      drop probability after each hidden layer, in [0, 1)
 * @param l2           L2 penalty on the weights (for adamw: the decoupled weight decay)
 */
public record Hyperparameters(
        int hiddenLayers,
        int neurons,
        double dropout,
        Activation activation,
        Optimizer optimizer,
        double learningRate,
        int batchSize,
        WeightInit weightInit,
        LrSchedule lrSchedule,
        double l2) {

    /** The documented defaults: a 2×64 ReLU net with Adam 1e-3, batch 32 (the notebook's model 1). */
    public static final Hyperparameters DEFAULTS = new Hyperparameters(
            2, 64, 0.0, Activation.RELU, Optimizer.ADAM, 1e-3, 32, WeightInit.XAVIER, LrSchedule.NONE, 0.0);

    public Hyperparameters {
        if (hiddenLayers < 1 || hiddenLayers > 16) {
            throw new IllegalArgumentException("hiddenLayers must be in [1, 16], found " + hiddenLayers);
        }
        if (neurons < 1 || neurons > 65_536) {
            throw new IllegalArgumentException("neurons must be in [1, 65536], found " + neurons);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), found " + dropout);
        }
        if (activation == null || optimizer == null || weightInit == null || lrSchedule == null) {
            throw new IllegalArgumentException("activation, optimizer, weightInit and lrSchedule must be set");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be > 0, found " + learningRate);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive, found " + batchSize);
        }
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("l2 must be >= 0, found " + l2);
        }
    }

    /**
     * Builds a configuration from name → value pairs (the spec's parameter names); names not
     * given take {@link #DEFAULTS}. Values may be numbers or strings ("0.01", "relu").
     *
     * @throws IllegalArgumentException naming the parameter and the value at fault
     */
    public static Hyperparameters fromMap(Map<String, ?> values) {
        Map<ParamName, Object> resolved = new LinkedHashMap<>();
        for (Map.Entry<String, ?> entry : values.entrySet()) {
            ParamName name = ParamName.parse(entry.getKey());
            resolved.put(name, name.coerce(entry.getValue()));
        }
        Map<ParamName, Object> all = new LinkedHashMap<>(DEFAULTS.toParamMap());
        all.putAll(resolved);
        return new Hyperparameters(
                (Integer) all.get(ParamName.HIDDEN_LAYERS),
                (Integer) all.get(ParamName.NEURONS),
                (Double) all.get(ParamName.DROPOUT),
                (Activation) all.get(ParamName.ACTIVATION),
                (Optimizer) all.get(ParamName.OPTIMIZER),
                (Double) all.get(ParamName.LEARNING_RATE),
                (Integer) all.get(ParamName.BATCH_SIZE),
                (WeightInit) all.get(ParamName.WEIGHT_INIT),
                (LrSchedule) all.get(ParamName.LR_SCHEDULE),
                (Double) all.get(ParamName.L2));
    }

    /** This configuration as typed values by parameter, in declaration order. */
    public Map<ParamName, Object> toParamMap() {
        Map<ParamName, Object> map = new LinkedHashMap<>();
        map.put(ParamName.HIDDEN_LAYERS, hiddenLayers);
        map.put(ParamName.NEURONS, neurons);
        map.put(ParamName.DROPOUT, dropout);
        map.put(ParamName.ACTIVATION, activation);
        map.put(ParamName.OPTIMIZER, optimizer);
        map.put(ParamName.LEARNING_RATE, learningRate);
        map.put(ParamName.BATCH_SIZE, batchSize);
        map.put(ParamName.WEIGHT_INIT, weightInit);
        map.put(ParamName.LR_SCHEDULE, lrSchedule);
        map.put(ParamName.L2, l2);
        return map;
    }

    /** A compact one-line form for tables and logs: {@code 2x64 relu adam lr=0.001 bs=32}. */
    public String describe() {
        StringBuilder text = new StringBuilder()
                .append(hiddenLayers).append('x').append(neurons).append(' ')
                .append(activation.wireName()).append(' ').append(optimizer.wireName())
                .append(" lr=").append(shortNumber(learningRate)).append(" bs=").append(batchSize);
        if (dropout > 0) {
            text.append(" drop=").append(shortNumber(dropout));
        }
        if (l2 > 0) {
            text.append(" l2=").append(shortNumber(l2));
        }
        if (weightInit != WeightInit.XAVIER) {
            text.append(" init=").append(weightInit.wireName());
        }
        if (lrSchedule != LrSchedule.NONE) {
            text.append(" sched=").append(lrSchedule.wireName());
        }
        return text.toString();
    }

    private static String shortNumber(double value) {
        return String.format(java.util.Locale.ROOT, "%.3g", value);
    }
}
