package dev.trialstream.core.message;

/**
 * A worker slot began a trial. A redelivered trial starts again, so the aggregator may see more
 * than one of these per trial; it counts them rather than trusting a sender-side attempt number,
 * which no worker could know.
 */
public record TrialStarted(String searchId, String trialId, String workerId, long at) implements EventMessage {

    public TrialStarted {
        Checks.id(searchId, "searchId");
        Checks.id(trialId, "trialId");
        Checks.id(workerId, "workerId");
        Checks.atLeast(at, 0, "at");
    }
}
