package dev.trialstream.core.message;

/**
 * A worker slot began a trial. A redelivered trial starts again, so the aggregator may see more
 * than one of these per trial. Each start has its own {@code attempt} id, which the attempt's
 * epoch reports carry, so reports from an abandoned attempt can never mix into the new one's curve.
 *
 * @param attempt unique per start of a trial (the worker makes it up; it is not a count)
 */
public record TrialStarted(String searchId, String trialId, String attempt, String workerId, long at)
        implements EventMessage {

    public TrialStarted {
        Checks.id(searchId, "searchId");
        Checks.id(trialId, "trialId");
        Checks.id(attempt, "attempt");
        Checks.id(workerId, "workerId");
        Checks.atLeast(at, 0, "at");
    }
}
