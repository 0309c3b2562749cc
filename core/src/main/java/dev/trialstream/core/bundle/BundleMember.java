package dev.trialstream.core.bundle;

import dev.trialstream.core.metrics.RegressionMetrics;
import dev.trialstream.core.params.Hyperparameters;

/**
 * One configuration of an ensemble bundle: its {@code models} networks (seeds {@code seed, seed + 1,
 * ...}, but those the bundle's {@code leftOut} names) are averaged, and that average counts {@code weight} in the bundle's prediction.
 *
 * @param test the member's own test scores (its networks' average), n = 0 when there was no test split
 */
public record BundleMember(String trialId, Hyperparameters params, int epochs, long seed, double weight, int models,
                           RegressionMetrics test) {

    public BundleMember {
        if (params == null || test == null) {
            throw new IllegalArgumentException("a bundle member needs params and test metrics");
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be positive, found " + epochs);
        }
        if (!(weight > 0 && weight <= 1)) {
            throw new IllegalArgumentException("weight must be in (0, 1], found " + weight);
        }
        if (models < 1) {
            throw new IllegalArgumentException("models must be positive, found " + models);
        }
        trialId = trialId == null ? "" : trialId;
    }
}
