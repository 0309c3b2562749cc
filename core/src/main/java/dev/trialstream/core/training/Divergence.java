package dev.trialstream.core.training;

import dev.trialstream.core.params.Hyperparameters;
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
            Optional<String> diverged = judge("validation MSE of fold " + (f + 1), foldMse[f], foldVariance[f]);
            if (diverged.isPresent()) {
                return diverged;
            }
        }
        return Optional.empty();
    }

    /**
     * A network trained without a validation split (a final fit), judged on the rows it trained on
     * by the same rule.
     *
     * @param mse      its MSE on its own training rows
     * @param variance the variance of those rows' targets, in the same units
     * @return why it diverged ("training MSE is NaN"), or empty when it did not
     */
    public static Optional<String> ofTraining(double mse, double variance) {
        return judge("training MSE", mse, variance);
    }

    /** The settings a divergence usually comes from, for its message: "learning rate 0.093 with nesterov". */
    public static String setting(Hyperparameters params) {
        return "learning rate " + params.learningRate() + " with " + params.optimizer().wireName();
    }

    private static Optional<String> judge(String what, double mse, double variance) {
        if (!Double.isFinite(mse)) {
            return Optional.of(what + " is " + mse);
        }
        if (variance > 0 && mse > MAX_MSE_OVER_VARIANCE * variance) {
            return Optional.of(String.format(Locale.ROOT, "%s is %.3g, over %.0e × its targets' variance %.4g",
                    what, mse, MAX_MSE_OVER_VARIANCE, variance));
        }
        return Optional.empty();
    }
}
