package dev.trialstream.core.training;

import dev.trialstream.core.metrics.CvScores;
import dev.trialstream.core.status.TrialState;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of a cross-validation.
 *
 * @param state   completed, pruned (stopped from outside) or failed; never running
 * @param scores  every fold's scores at the last epoch run (for a failed trial: its last finite
 *                epoch); empty when no epoch finished
 * @param curve   the mean CV MSE after every epoch, in order
 * @param reason  why it stopped early or failed; empty when it ran its epochs
 */
public record CvResult(TrialState state, int epochs, Optional<CvScores> scores, List<Double> curve, String reason,
                       double seconds) {

    public CvResult {
        if (state == null || state == TrialState.RUNNING) {
            throw new IllegalArgumentException("state must be completed, pruned or failed, found " + state);
        }
        scores = scores == null ? Optional.empty() : scores;
        curve = List.copyOf(curve);
        reason = reason == null ? "" : reason;
    }

    /** The mean CV MSE at the last epoch run, or NaN when there is none. */
    public double cvMse() {
        return scores.map(CvScores::mse).orElse(Double.NaN);
    }

    /** The lowest mean CV MSE of any epoch, or NaN when there is none. */
    public double bestCvMse() {
        return curve.stream().filter(Double::isFinite).mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }
}
