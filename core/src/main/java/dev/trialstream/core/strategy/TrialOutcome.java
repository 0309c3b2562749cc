package dev.trialstream.core.strategy;

import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.status.TrialState;

/**
 * A finished trial, as an adaptive strategy learns from it.
 *
 * @param objective the mean CV MSE the trial ended with (lower is better); NaN when it has none
 * @param state     completed, pruned (stopped by the policy or a cancel) or failed
 * @param epochs    epochs the trial trained; a stopped trial's objective is worth that many epochs
 */
public record TrialOutcome(int index, Hyperparameters params, double objective, TrialState state, int epochs) {

    public TrialOutcome {
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, found " + index);
        }
        if (params == null || state == null || !state.ended()) {
            throw new IllegalArgumentException("params and an ended state must be set, found " + state);
        }
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be >= 0, found " + epochs);
        }
    }

    /** True when the objective can be ranked: a finite number. */
    public boolean scored() {
        return Double.isFinite(objective);
    }
}
