package dev.trialstream.core.message;

import dev.trialstream.core.metrics.CvScores;
import dev.trialstream.core.params.Hyperparameters;

/**
 * One row of a leaderboard.
 *
 * @param rank   1-based, by CV MSE ascending (ties: lower trial index first)
 * @param epochs epochs the trial ran
 * @param cv     every fold's scores at the trial's last epoch, in the target's units
 */
public record LeaderboardEntry(int rank, String trialId, Hyperparameters params, int epochs, CvScores cv) {

    public LeaderboardEntry {
        Checks.positive(rank, "rank");
        Checks.id(trialId, "trialId");
        Checks.present(params, "params");
        Checks.atLeast(epochs, 0, "epochs");
        Checks.present(cv, "cv");
        Checks.finiteNonNegative(cv.mse(), "cv mse");
    }

    /** The mean CV MSE: what the ranking sorts by. */
    public double cvMse() {
        return cv.mse();
    }

    /** The standard deviation over folds of that MSE. */
    public double cvStd() {
        return cv.mseStd();
    }
}
