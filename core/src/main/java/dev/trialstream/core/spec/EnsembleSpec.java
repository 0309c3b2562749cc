package dev.trialstream.core.spec;

/**
 * Whether the final model is the ensemble selected from the trials' out-of-fold predictions, and
 * how many rounds of greedy selection with replacement choose it ({@code ensemble: {size: N}}); off
 * ({@code ensemble: off}) the final model is the best single trial.
 *
 * @param size rounds of selection in each bag (the aggregator bags selection); 0 when off
 */
public record EnsembleSpec(int size) {

    public static final int DEFAULT_SIZE = 25;
    /** As {@code EnsembleSelection.MAX_ROUNDS}. */
    public static final int MAX_SIZE = 1000;

    public EnsembleSpec {
        Checks.require("size", Checks.between(size, 0, MAX_SIZE));
    }

    public static EnsembleSpec defaults() {
        return new EnsembleSpec(DEFAULT_SIZE);
    }

    public static EnsembleSpec off() {
        return new EnsembleSpec(0);
    }

    public boolean enabled() {
        return size > 0;
    }
}
