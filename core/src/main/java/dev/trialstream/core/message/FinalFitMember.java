package dev.trialstream.core.message;

import dev.trialstream.core.params.Hyperparameters;

/**
 * One member of an ensemble's final fit: a trial's configuration, trained on the whole training
 * set for the epochs that trial ran times the spec's {@code training.finalEpochScale}.
 *
 * @param epochs the final fit's epochs
 * @param weight the member's share of the ensemble's prediction
 */
public record FinalFitMember(String trialId, Hyperparameters params, long seed, int epochs, double weight)
        implements WeightedTrial {

    public FinalFitMember {
        Checks.id(trialId, "trialId");
        Checks.present(params, "params");
        Checks.positive(epochs, "epochs");
        if (!(weight > 0 && weight <= 1)) {
            throw new IllegalArgumentException("weight must be in (0, 1], found " + weight);
        }
    }
}
