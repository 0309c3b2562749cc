package dev.trialstream.core.training;

import dev.trialstream.core.params.Hyperparameters;
import java.util.List;

/**
 * A k-fold cross-validation of one configuration.
 *
 * @param seed      seeds weight init, dropout and batch order; same seed → same result
 * @param patience  stop when the mean CV MSE has not improved for this many epochs; 0 = never
 */
public record CvJob(Hyperparameters params, long seed, int maxEpochs, int patience, List<FoldData> folds) {

    public CvJob {
        if (params == null) {
            throw new IllegalArgumentException("params must be set");
        }
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("maxEpochs must be positive, found " + maxEpochs);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0, found " + patience);
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
}
