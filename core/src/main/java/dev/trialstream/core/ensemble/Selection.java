package dev.trialstream.core.ensemble;

import dev.trialstream.core.metrics.RegressionMetrics;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chosen ensemble.
 *
 * @param weights    each chosen trial's weight (times chosen / rounds kept), in order of first choice;
 *                   they sum to 1
 * @param outOfFold  the ensemble's scores on the same out-of-fold predictions it was selected on:
 *                   optimistic, since selection saw them (the test split is the honest judge)
 * @param rounds     the rounds kept, the weights' denominator (summed over the bags when bagged)
 * @param mseByRound the out-of-fold MSE after each round that was run (each bag's in turn when bagged)
 */
public record Selection(Map<String, Double> weights, RegressionMetrics outOfFold, int rounds,
                        List<Double> mseByRound) {

    public Selection {
        weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        mseByRound = List.copyOf(mseByRound);
    }

    /** How many of {@code mseByRound} to keep: the prefix with the lowest MSE. */
    static int bestPrefix(List<Double> mseByRound) {
        int best = 0;
        for (int r = 1; r < mseByRound.size(); r++) {
            if (mseByRound.get(r) < mseByRound.get(best)) {
                best = r;
            }
        }
        return best + 1;
    }
}
