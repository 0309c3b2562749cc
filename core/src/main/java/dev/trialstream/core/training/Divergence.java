package dev.trialstream.core.training;

import java.util.Locale;
import java.util.Optional;

/**
 * When a trial counts as diverged, whatever its optimizer: some fold's validation MSE is not a
 * finite number, or exceeds {@link #MAX_MSE_OVER_VARIANCE} times the variance of that fold's
 * validation targets (R² below −999,999: a network that far off the targets will not come back).
 * A fold whose validation targets are all equal has no variance to compare with; only a
 * non-finite MSE fails it.
 */
public final class Divergence {

    /** Validation MSE over the validation targets' variance above which a fold has diverged. */
    public static final double MAX_MSE_OVER_VARIANCE = 1e6;

    private Divergence() {
    }

    /**
     * @param foldMse      per fold, the validation MSE
     * @param foldVariance per fold, the variance of its validation targets, in the same units
     * @return why the first diverged fold diverged ("validation MSE of fold 2 is 8.97e15, over
     *         1e6 × its targets' variance 84.4"), or empty when none did
     */
    public static Optional<String> check(double[] foldMse, double[] foldVariance) {
        if (foldMse.length != foldVariance.length) {
            throw new IllegalArgumentException("foldMse has " + foldMse.length + " entries but foldVariance has "
                    + foldVariance.length);
        }
        for (int f = 0; f < foldMse.length; f++) {
            double mse = foldMse[f];
            if (!Double.isFinite(mse)) {
                return Optional.of("validation MSE of fold " + (f + 1) + " is " + mse);
            }
            if (foldVariance[f] > 0 && mse > MAX_MSE_OVER_VARIANCE * foldVariance[f]) {
                return Optional.of(String.format(Locale.ROOT,
                        "validation MSE of fold %d is %.3g, over %.0e × its targets' variance %.4g",
                        f + 1, mse, MAX_MSE_OVER_VARIANCE, foldVariance[f]));
            }
        }
        return Optional.empty();
    }
}
