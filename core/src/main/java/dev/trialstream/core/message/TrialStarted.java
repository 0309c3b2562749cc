package dev.trialstream.core.message;

import dev.trialstream.core.params.Hyperparameters;

/**
 * A worker slot began a trial. A redelivered trial starts again, so the aggregator may see more
 * than one of these per trial. Each start has its own {@code attempt} id, which the attempt's
 * epoch reports carry, so reports from an abandoned attempt can never mix into the new one's curve.
 *
 * <p>It repeats the trial's index, parameters and seed so that the aggregator, which reads only
 * {@code searches} and {@code events}, can rank trials and request the winner's final fit.
 *
 * @param attempt unique per start of a trial (the worker makes it up; it is not a count)
 */
public record TrialStarted(String searchId, String trialId, int index, Hyperparameters params, long seed,
                           String attempt, String workerId, long at) implements EventMessage {

    public TrialStarted {
        Checks.atLeast(index, 0, "index");
        Checks.present(params, "params");
        Checks.id(searchId, "searchId");
        Checks.id(trialId, "trialId");
        Checks.id(attempt, "attempt");
        Checks.id(workerId, "workerId");
        Checks.atLeast(at, 0, "at");
    }
}
