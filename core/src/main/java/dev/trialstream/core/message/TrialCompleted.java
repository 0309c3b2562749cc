package dev.trialstream.core.message;

import dev.trialstream.core.metrics.RegressionMetrics;
import java.util.List;

/**
 * A trial ran all its epochs (or stopped by its own patience). Committed in one transaction with
 * the consumed offset, so it appears exactly once per trial.
 *
 * @param epochs  epochs run
 * @param cvMse   mean over folds of the validation MSE at the last epoch run
 * @param cvStd   population standard deviation over folds of that MSE
 * @param foldMse each fold's validation MSE at the last epoch run
 * @param cv      MSE, RMSE, MAE and R² at the last epoch run, each the mean over folds, in the
 *                target's units (NaN where the trainer did not measure them)
 * @param seconds wall time of the training
 */
public record TrialCompleted(String searchId, String trialId, int epochs, double cvMse, double cvStd,
                             List<Double> foldMse, RegressionMetrics cv, double seconds, String workerId, long at)
        implements EventMessage {

    public TrialCompleted {
        Checks.id(searchId, "searchId");
        Checks.id(trialId, "trialId");
        Checks.positive(epochs, "epochs");
        Checks.finiteNonNegative(cvMse, "cvMse");
        Checks.finiteNonNegative(cvStd, "cvStd");
        foldMse = Checks.errors(foldMse, "foldMse");
        Checks.present(cv, "cv");
        Checks.finiteNonNegative(seconds, "seconds");
        Checks.id(workerId, "workerId");
        Checks.atLeast(at, 0, "at");
    }
}
