package dev.trialstream.core.message;

/**
 * A trial could not finish: diverged, could not be built, or its data could not be read.
 *
 * @param epoch epochs completed before it failed; 0 when it failed before training
 */
public record TrialFailed(String searchId, String trialId, int epoch, String reason, String workerId, long at)
        implements TrialEnded {

    public TrialFailed {
        Checks.id(searchId, "searchId");
        Checks.id(trialId, "trialId");
        Checks.atLeast(epoch, 0, "epoch");
        Checks.text(reason, "reason");
        Checks.id(workerId, "workerId");
        Checks.atLeast(at, 0, "at");
    }
}
