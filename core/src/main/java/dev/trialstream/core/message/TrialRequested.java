package dev.trialstream.core.message;

import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.training.CvPlan;

/**
 * One k-fold cross-validation to run. Everything that decides the result is in here, so a
 * redelivered trial trains to the same numbers on any worker.
 *
 * @param index       the trial's 0-based position in its search
 * @param seed        seeds weight init, dropout and batch order
 * @param cv          folds, fold seed, epochs, patience and target scaling: the search's, unchanged
 * @param requestedAt epoch millis
 */
public record TrialRequested(String searchId, String trialId, int index, Hyperparameters params, long seed,
                             CvPlan cv, DatasetRef dataset, long requestedAt) implements TrialMessage {

    /** Trial {@code index} of a search. */
    public static TrialRequested of(String searchId, int index, Hyperparameters params, long seed, CvPlan cv,
                                    DatasetRef dataset, long now) {
        return new TrialRequested(searchId, idFor(searchId, index), index, params, seed, cv, dataset, now);
    }

    /** The id of a search's trial {@code index}: {@code s-1a2b3c4d-t0007}. */
    public static String idFor(String searchId, int index) {
        return String.format(java.util.Locale.ROOT, "%s-t%04d", searchId, index);
    }

    public TrialRequested {
        Checks.id(searchId, "searchId");
        Checks.id(trialId, "trialId");
        Checks.atLeast(index, 0, "index");
        Checks.present(params, "params");
        Checks.present(cv, "cv");
        Checks.present(dataset, "dataset");
        Checks.atLeast(requestedAt, 0, "requestedAt");
    }
}
