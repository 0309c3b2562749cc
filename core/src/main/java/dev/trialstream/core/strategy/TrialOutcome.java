package dev.trialstream.core.strategy;

import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.training.TrialStatus;

/**
 * A finished trial, as an adaptive strategy learns from it.
 *
 * @param objective the mean CV MSE the trial ended with (lower is better); NaN when it has none
 * @param status    completed, stopped (pruned or cancelled) or failed
 * @param epochs    epochs the trial trained; a stopped trial's objective is worth that many epochs
 */
public record TrialOutcome(int index, Hyperparameters params, double objective, TrialStatus status, int epochs) {

    public TrialOutcome {
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, found " + index);
        }
        if (params == null || status == null) {
            throw new IllegalArgumentException("params and status must be set");
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
