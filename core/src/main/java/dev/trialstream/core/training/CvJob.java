package dev.trialstream.core.training;

import dev.trialstream.core.params.Hyperparameters;
import java.util.List;

/**
 * A k-fold cross-validation of one configuration.
 *
 * @param seed  seeds weight init, dropout and batch order; same seed → same result
 * @param plan  epochs and patience (and how the folds were made)
 * @param folds the prepared folds
 */
public record CvJob(Hyperparameters params, long seed, CvPlan plan, List<FoldData> folds) {

    public CvJob {
        if (params == null) {
            throw new IllegalArgumentException("params must be set");
        }
        if (plan == null) {
            throw new IllegalArgumentException("plan must be set");
        }
        folds = List.copyOf(folds);
        if (folds.isEmpty()) {
            throw new IllegalArgumentException("a CV job needs at least one fold");
        }
        int features = folds.get(0).features();
        for (FoldData fold : folds) {
            if (fold.features() != features) {
                throw new IllegalArgumentException("folds disagree on feature count: " + features + " vs " + fold.features());
            }
        }
    }

    public int maxEpochs() {
        return plan.maxEpochs();
    }

    public int patience() {
        return plan.patience();
    }
}
