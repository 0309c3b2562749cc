package dev.trialstream.core.training;

import dev.trialstream.core.prep.PrepOptions;
import dev.trialstream.core.spec.SearchSpec;

/**
 * How a search cross-validates every trial, carried unchanged from the search's spec through the
 * trial message to the trainer. Every trial of a search has the same plan (same folds, same
 * {@code foldSeed}), so their CV scores compare like with like.
 *
 * @param folds             k of k-fold cross-validation
 * @param foldSeed          seeds the assignment of rows to folds (unless a fold column fixes them)
 * @param maxEpochs         the epoch cap (all folds in lockstep)
 * @param patience          stop after this many epochs without improvement of the mean CV MSE; 0 = never
 * @param standardizeTarget train on a standardized target (scores are reported in its own units either way)
 */
public record CvPlan(int folds, long foldSeed, int maxEpochs, int patience, boolean standardizeTarget) {

    public CvPlan {
        if (folds < 2) {
            throw new IllegalArgumentException("folds must be >= 2, found " + folds);
        }
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("maxEpochs must be positive, found " + maxEpochs);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0, found " + patience);
        }
    }

    /** The plan a search's spec sets (its {@code cv} and {@code training} sections). */
    public static CvPlan of(SearchSpec spec) {
        return new CvPlan(spec.cv().folds(), spec.cv().seed(), spec.training().maxEpochs(),
                spec.training().patience(), spec.training().standardizeTarget());
    }

    /** How the folds' features and target are prepared. */
    public PrepOptions prep() {
        return new PrepOptions(standardizeTarget);
    }
}
