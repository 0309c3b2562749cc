package dev.trialstream.core.message;

import dev.trialstream.core.params.Hyperparameters;

/**
 * A trial that ended without a rankable result: pruned (stopped early by the search's policy or
 * a cancel) or failed (diverged, bad data). Listed beside the ranking, never in it.
 *
 * @param status    {@code pruned} or {@code failed}
 * @param params    null when the trial never started (skipped after a cancel)
 * @param lastCvMse the mean CV MSE at its last epoch; NaN when it has none
 * @param reason    why it ended: the pruning decision, or the failure
 */
public record StoppedTrial(String trialId, String status, Hyperparameters params, int epochs, double lastCvMse,
                           String reason) {

    public StoppedTrial {
        Checks.id(trialId, "trialId");
        if (!"pruned".equals(status) && !"failed".equals(status)) {
            throw new IllegalArgumentException("status must be pruned or failed, found \"" + status + "\"");
        }
        Checks.atLeast(epochs, 0, "epochs");
        Checks.error(lastCvMse, "lastCvMse");
        Checks.text(reason, "reason");
    }
}
