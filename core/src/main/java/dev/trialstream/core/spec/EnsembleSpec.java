package dev.trialstream.core.spec;

/**
 * Whether the final model is the ensemble selected from the trials' out-of-fold predictions, and
 * how: {@code ensemble: {size: N, bags: B, within: W}}; off ({@code ensemble: off}) the final model is
 * the best single trial.
 *
 * @param size   rounds of greedy selection with replacement (in each bag); 0 when off
 * @param bags   1: one plain selection over the kept trials; more: bagged selection with sorted
 *               initialisation (Caruana et al. 2004), that many bags of half the trials, pooled
 * @param within only trials whose out-of-fold MSE is within {@code 1 + within} of the best trial's
 *               may be chosen (library pruning); infinity: every kept trial
 */
public record EnsembleSpec(int size, int bags, double within) {

    public static final int DEFAULT_SIZE = 25;
    /** As {@code EnsembleSelection.MAX_ROUNDS}. */
    public static final int MAX_SIZE = 1000;
    public static final int DEFAULT_BAGS = 1;
    public static final int MAX_BAGS = 100;
    public static final double DEFAULT_WITHIN = 0.2;
    /** No library pruning. */
    public static final double ALL = Double.POSITIVE_INFINITY;

    public EnsembleSpec {
        Checks.require("size", Checks.between(size, 0, MAX_SIZE));
        Checks.require("bags", Checks.between(bags, 1, MAX_BAGS));
        if (!(within >= 0)) {
            throw new IllegalArgumentException("within must be >= 0 (a fraction of the best trial's MSE), found "
                    + within);
        }
    }

    public EnsembleSpec(int size) {
        this(size, DEFAULT_BAGS, DEFAULT_WITHIN);
    }

    public EnsembleSpec(int size, int bags) {
        this(size, bags, DEFAULT_WITHIN);
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

    public boolean bagged() {
        return bags > 1;
    }
}
