package dev.trialstream.core.training;

import java.util.List;

/**
 * The outcome of a cross-validation.
 *
 * @param cvMse    mean over folds of the validation MSE at the last epoch run (NaN if failed)
 * @param cvStd    population standard deviation over folds of that MSE
 * @param foldMse  each fold's validation MSE at the last epoch run
 * @param curve    the mean CV MSE after every epoch, in order
 * @param reason   why it stopped early or failed; empty when it ran its epochs
 */
public record CvResult(TrialStatus status, int epochs, double cvMse, double cvStd, List<Double> foldMse,
                       List<Double> curve, String reason, double seconds) {

    public CvResult {
        foldMse = List.copyOf(foldMse);
        curve = List.copyOf(curve);
        reason = reason == null ? "" : reason;
    }

    /** The lowest mean CV MSE of any epoch, or NaN when there is none. */
    public double bestCvMse() {
        return curve.stream().filter(Double::isFinite).mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }
}
