package dev.trialstream.core.message;

import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.status.TrialState;

/**
 * A trial that ended without a rankable result: pruned (stopped early by the search's policy or
 * a cancel) or failed (diverged, bad data). Listed beside the ranking, never in it.
 *
 * @param state     {@code pruned} or {@code failed}
 * @param params    null when the trial never started (skipped after a cancel)
 * @param lastCvMse the mean CV MSE at its last epoch; NaN when it has none
 * @param reason    why it ended: the pruning decision, or the failure
 */
public record StoppedTrial(String trialId, TrialState state, Hyperparameters params, int epochs, double lastCvMse,
                           String reason) {

    public StoppedTrial {
        Checks.id(trialId, "trialId");
        if (state != TrialState.PRUNED && state != TrialState.FAILED) {
            throw new IllegalArgumentException("state must be pruned or failed, found " + state);
        }
        Checks.atLeast(epochs, 0, "epochs");
        Checks.error(lastCvMse, "lastCvMse");
        Checks.text(reason, "reason");
    }
}
