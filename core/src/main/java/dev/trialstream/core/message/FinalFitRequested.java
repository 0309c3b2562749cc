package dev.trialstream.core.message;

import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.spec.TrainingSpec;

/**
 * Train the winner on the whole training set for {@code epochs} epochs and score it on the test
 * split; the model goes to {@code models}.
 *
 * @param trialId the winning trial
 * @param epochs  how many epochs to train (the epochs the winner ran)
 * @param models  how many networks to train (seeds {@code seed, seed + 1, ...}); the bundle averages them
 */
public record FinalFitRequested(String searchId, String trialId, Hyperparameters params, long seed, int epochs,
                                DatasetRef dataset, boolean standardizeTarget,
                                int models, long requestedAt)
        implements TrialMessage {

    public FinalFitRequested {
        Checks.id(searchId, "searchId");
        Checks.id(trialId, "trialId");
        Checks.present(params, "params");
        Checks.positive(epochs, "epochs");
        Checks.present(dataset, "dataset");
        Checks.positive(models, "models");
        if (models > TrainingSpec.MAX_FINAL_MODELS) {
            throw new IllegalArgumentException("models must be <= " + TrainingSpec.MAX_FINAL_MODELS + ", found " + models);
        }
        Checks.atLeast(requestedAt, 0, "requestedAt");
    }
}
