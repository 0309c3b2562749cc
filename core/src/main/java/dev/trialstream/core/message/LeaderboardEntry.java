package dev.trialstream.core.message;

import dev.trialstream.core.params.Hyperparameters;

/**
 * One row of a leaderboard.
 *
 * @param rank   1-based, by {@code cvMse} ascending
 * @param cvMse  mean CV MSE (for a pruned trial: at the epoch it was stopped)
 * @param cvStd  standard deviation over folds of that MSE; NaN when unknown (pruned)
 * @param epochs epochs the trial ran
 * @param pruned whether it was stopped early from outside
 */
public record LeaderboardEntry(int rank, String trialId, Hyperparameters params, double cvMse, double cvStd,
                               int epochs, boolean pruned) {

    public LeaderboardEntry {
        Checks.positive(rank, "rank");
        Checks.id(trialId, "trialId");
        Checks.present(params, "params");
        Checks.finiteNonNegative(cvMse, "cvMse");
        Checks.error(cvStd, "cvStd");
        Checks.atLeast(epochs, 0, "epochs");
    }
}
