package dev.trialstream.core.message;

import dev.trialstream.core.metrics.RegressionMetrics;
import dev.trialstream.core.params.Hyperparameters;

/**
 * One row of a leaderboard.
 *
 * @param rank   1-based, by {@code cvMse} ascending (ties: lower trial index first)
 * @param cvMse  mean CV MSE at the trial's last epoch
 * @param cvStd  standard deviation over folds of that MSE
 * @param epochs epochs the trial ran
 * @param cv     its CV MSE, RMSE, MAE and R² (means over folds, target units; NaN when unknown)
 */
public record LeaderboardEntry(int rank, String trialId, Hyperparameters params, double cvMse, double cvStd,
                               int epochs, RegressionMetrics cv) {

    public LeaderboardEntry {
        Checks.positive(rank, "rank");
        Checks.id(trialId, "trialId");
        Checks.present(params, "params");
        Checks.finiteNonNegative(cvMse, "cvMse");
        Checks.error(cvStd, "cvStd");
        Checks.atLeast(epochs, 0, "epochs");
        Checks.present(cv, "cv");
    }
}
