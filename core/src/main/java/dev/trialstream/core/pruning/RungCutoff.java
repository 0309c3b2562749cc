package dev.trialstream.core.pruning;

import java.util.Locale;
import java.util.Optional;

/**
 * One ASHA rung as the aggregator last saw it: the CV MSE a trial must not exceed there to stay in
 * the best 1/eta of the trials that recorded it. Published to the workers ({@code RungCutoffs}), so
 * a trial that reaches the rung worse than this stops at once rather than training on until the
 * aggregator's own stop arrives.
 *
 * @param epoch  the rung
 * @param cutoff the best 1/eta's bound among the values recorded there (finite)
 * @param trials how many trials had recorded the rung
 */
public record RungCutoff(int epoch, double cutoff, int trials) {

    public RungCutoff {
        if (epoch < 1) {
            throw new IllegalArgumentException("rung epoch must be positive, found " + epoch);
        }
        if (!Double.isFinite(cutoff)) {
            throw new IllegalArgumentException("rung cutoff must be finite, found " + cutoff);
        }
        if (trials < 1) {
            throw new IllegalArgumentException("rung trials must be positive, found " + trials);
        }
    }

    /**
     * The reason to stop a trial whose CV MSE at this rung is {@code value}, if it is worse than the
     * cutoff; {@code eta} (the search's, the top 1/eta continue) only words the reason.
     */
    public Optional<String> stops(double value, int eta) {
        double own = Curves.orWorst(value);
        if (!Curves.worse(own, cutoff)) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT,
                "asha rung %d: %s not in the best 1/%d of the %d trials before it (cutoff %s, applied by the worker)",
                epoch, Curves.show(own), eta, trials, Curves.show(cutoff)));
    }
}
