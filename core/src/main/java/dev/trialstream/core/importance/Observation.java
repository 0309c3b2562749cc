package dev.trialstream.core.importance;

import dev.trialstream.core.params.Hyperparameters;

/** One trial as importance sees it: its configuration and its objective (lower is better). */
public record Observation(Hyperparameters params, double objective) {

    public Observation {
        if (params == null) {
            throw new IllegalArgumentException("params must be set");
        }
        if (!Double.isFinite(objective)) {
            throw new IllegalArgumentException("objective must be finite, found " + objective);
        }
    }
}
