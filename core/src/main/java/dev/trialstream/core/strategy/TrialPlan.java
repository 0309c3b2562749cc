package dev.trialstream.core.strategy;

import dev.trialstream.core.params.Hyperparameters;

/**
 * One trial a strategy asks for.
 *
 * @param index 0-based position in the search, unique within it
 * @param seed  seeds the trial's training (weights, dropout, batch order); derived from the
 *              search seed, so a search replays exactly
 */
public record TrialPlan(int index, Hyperparameters params, long seed) {

    public TrialPlan {
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, found " + index);
        }
        if (params == null) {
            throw new IllegalArgumentException("params must be set");
        }
    }
}
