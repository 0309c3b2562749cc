package dev.trialstream.core.training;

import dev.trialstream.core.metrics.RegressionMetrics;
import java.util.List;

/**
 * The outcome of a cross-validation.
 *
 * @param cvMse    mean over folds of the validation MSE at the last epoch run (NaN if failed)
 * @param cvStd    population standard deviation over folds of that MSE
 * @param foldMse  each fold's validation MSE at the last epoch run
 * @param curve    the mean CV MSE after every epoch, in order
 * @param reason   why it stopped early or failed; empty when it ran its epochs
 * @param cv       MSE, RMSE, MAE and R² at the last epoch run, each the mean over folds, in the
 *                 target's units ({@link RegressionMetrics#none()} when failed or not measured)
 */
public record CvResult(TrialStatus status, int epochs, double cvMse, double cvStd, List<Double> foldMse,
                       List<Double> curve, String reason, double seconds, RegressionMetrics cv) {

    public CvResult {
        foldMse = List.copyOf(foldMse);
        curve = List.copyOf(curve);
        reason = reason == null ? "" : reason;
        cv = cv == null ? RegressionMetrics.none() : cv;
    }

    /** A result with only the MSE measured (trainers that do not score anything else). */
    public CvResult(TrialStatus status, int epochs, double cvMse, double cvStd, List<Double> foldMse,
                    List<Double> curve, String reason, double seconds) {
        this(status, epochs, cvMse, cvStd, foldMse, curve, reason, seconds, RegressionMetrics.none());
    }

    /** The lowest mean CV MSE of any epoch, or NaN when there is none. */
    public double bestCvMse() {
        return curve.stream().filter(Double::isFinite).mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }
}
