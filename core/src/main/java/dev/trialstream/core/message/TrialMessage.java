package dev.trialstream.core.message;

import dev.trialstream.core.params.Hyperparameters;

/** The {@code trials} topic (keyed by trialId): work for one worker slot. */
public sealed interface TrialMessage extends Message permits TrialRequested, FinalFitRequested {

    String searchId();

    String trialId();

    Hyperparameters params();

    DatasetRef dataset();

    @Override
    default String key() {
        return trialId();
    }
}
