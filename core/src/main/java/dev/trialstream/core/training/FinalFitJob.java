package dev.trialstream.core.training;

import dev.trialstream.core.params.Hyperparameters;

/**
 * Train one configuration on the whole training set. {@code data.validX/validY} hold the test
 * split (possibly empty), scored once after the last epoch.
 */
public record FinalFitJob(Hyperparameters params, long seed, int epochs, FoldData data) {

    public FinalFitJob {
        if (params == null || data == null) {
            throw new IllegalArgumentException("params and data must be set");
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be positive, found " + epochs);
        }
    }
}
