package dev.trialstream.core.message;

import dev.trialstream.core.params.Hyperparameters;

/**
 * Train the winner on the whole training set for {@code epochs} epochs and score it on the test
 * split; the model goes to {@code models}.
 *
 * @param trialId the winning trial
 * @param epochs  how many epochs to train (the winner's best epoch count)
 */
public record FinalFitRequested(String searchId, String trialId, Hyperparameters params, long seed, int epochs,
                                DatasetRef dataset, boolean standardizeTarget, long requestedAt)
        implements TrialMessage {

    public FinalFitRequested {
        Checks.id(searchId, "searchId");
        Checks.id(trialId, "trialId");
        Checks.present(params, "params");
        Checks.positive(epochs, "epochs");
        Checks.present(dataset, "dataset");
        Checks.atLeast(requestedAt, 0, "requestedAt");
    }
}
