package dev.trialstream.core.message;

/**
 * A trial stopped from outside (StopTrial, CancelSearch) between epochs.
 *
 * @param epoch     epochs completed before it stopped; 0 when it was stopped before the first
 * @param lastCvMse the mean CV MSE of that epoch; NaN when {@code epoch} is 0
 */
public record TrialPruned(String searchId, String trialId, int epoch, double lastCvMse, String reason,
                          String workerId, long at) implements TrialEnded {

    public TrialPruned {
        Checks.id(searchId, "searchId");
        Checks.id(trialId, "trialId");
        Checks.atLeast(epoch, 0, "epoch");
        Checks.error(lastCvMse, "lastCvMse");
        Checks.text(reason, "reason");
        Checks.id(workerId, "workerId");
        Checks.atLeast(at, 0, "at");
    }
}
