package dev.trialstream.core.spec;

/**
 * How each trial is cross-validated.
 *
 * @param folds k of k-fold cross-validation
 * @param seed  seeds the shuffle that assigns rows to folds; every trial of a search uses the
 *              same folds, so trials are compared on equal terms
 */
public record CvSpec(int folds, long seed) {

    public static final int DEFAULT_FOLDS = 3;
    public static final int MAX_FOLDS = 100;

    public CvSpec {
        Checks.require("folds", Checks.between(folds, 2, MAX_FOLDS));
    }

    public static CvSpec defaults() {
        return new CvSpec(DEFAULT_FOLDS, 0);
    }
}
