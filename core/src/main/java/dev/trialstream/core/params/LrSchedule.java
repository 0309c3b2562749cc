package dev.trialstream.core.params;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Map;

/**
 * Learning-rate schedules over a trial's epoch budget, so one value means the same shape for a
 * 20-epoch and a 200-epoch search: {@code step} halves the rate every quarter of the epochs,
 * {@code exponential} decays it smoothly to 1% by the last epoch, {@code cosine} anneals it to 0.
 */
public enum LrSchedule {
    NONE, STEP, EXPONENTIAL, COSINE;

    private static final Map<String, LrSchedule> ALIASES = Map.of("constant", NONE, "exp", EXPONENTIAL);

    /** The learning rate for a 0-based epoch out of {@code maxEpochs}. */
    public double rate(double base, int epoch, int maxEpochs) {
        if (maxEpochs <= 0) {
            throw new IllegalArgumentException("maxEpochs must be positive, found " + maxEpochs);
        }
        double progress = Math.min(1.0, (double) epoch / maxEpochs);
        return switch (this) {
            case NONE -> base;
            case STEP -> base * Math.pow(0.5, Math.floor(epoch / Math.max(1.0, Math.ceil(maxEpochs / 4.0))));
            case EXPONENTIAL -> base * Math.pow(0.01, progress);
            case COSINE -> base * 0.5 * (1 + Math.cos(Math.PI * progress));
        };
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @JsonCreator
    public static LrSchedule parse(String text) {
        return Names.parse(LrSchedule.class, values(), ALIASES, "lrSchedule", text);
    }
}
