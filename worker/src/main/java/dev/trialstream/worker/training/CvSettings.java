package dev.trialstream.worker.training;

import dev.trialstream.core.prep.PrepOptions;

/**
 * How a search cross-validates every trial: the folds are the same for all trials of a search
 * (same {@code cvSeed}), so their CV MSEs compare like with like.
 */
public record CvSettings(int folds, long cvSeed, int maxEpochs, int patience, PrepOptions prep) {

    public CvSettings {
        if (folds < 2) {
            throw new IllegalArgumentException("folds must be >= 2, found " + folds);
        }
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("maxEpochs must be positive, found " + maxEpochs);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0, found " + patience);
        }
        if (prep == null) {
            throw new IllegalArgumentException("prep options must be set");
        }
    }
}
