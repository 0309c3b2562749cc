package dev.trialstream.core.message;

import dev.trialstream.core.params.Hyperparameters;

/**
 * One k-fold cross-validation to run. Everything that decides the result is in here, so a
 * redelivered trial trains to the same numbers on any worker.
 *
 * @param index             the trial's 0-based position in its search
 * @param seed              seeds weight init, dropout and batch order
 * @param folds             k
 * @param cvSeed            seeds the assignment of rows to folds
 * @param maxEpochs         the trial's epoch cap
 * @param patience          stop after this many epochs without improvement; 0 = never
 * @param standardizeTarget train on a standardized target (errors are still reported in its own units)
 * @param requestedAt       epoch millis
 */
public record TrialRequested(String searchId, String trialId, int index, Hyperparameters params, long seed,
                             int folds, long cvSeed, int maxEpochs, int patience, DatasetRef dataset,
                             boolean standardizeTarget, long requestedAt) implements TrialMessage {

    /** Trial {@code index} of a search, set up from the search's spec (CV and training settings). */
    public static TrialRequested of(String searchId, int index, Hyperparameters params, long seed,
                                    dev.trialstream.core.spec.SearchSpec spec, DatasetRef dataset, long now) {
        return new TrialRequested(searchId, idFor(searchId, index), index, params, seed, spec.cv().folds(),
                spec.cv().seed(), spec.training().maxEpochs(), spec.training().patience(), dataset,
                spec.training().standardizeTarget(), now);
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
        Checks.atLeast(folds, 2, "folds");
        Checks.positive(maxEpochs, "maxEpochs");
        Checks.atLeast(patience, 0, "patience");
        Checks.present(dataset, "dataset");
        Checks.atLeast(requestedAt, 0, "requestedAt");
    }
}
