package dev.trialstream.core.pruning;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Asynchronous successive halving, stopping variant (Li et al., "A System for Massively Parallel
 * Hyperparameter Tuning", MLSys 2020; as Ray Tune's ASHAScheduler): rungs at
 * {@code minEpochs·eta^k} below {@code maxEpochs}. When a trial reaches a rung it continues only
 * if its CV MSE there is within the best 1/eta of the values every trial recorded at that rung
 * (itself included, so the first trial at a rung always continues — that is the asynchrony).
 * A trial's value at a rung is its curve at that epoch, so the rule is a pure function of the
 * curves; trials that ended before a rung simply never record there.
 */
public final class AshaStopping implements Pruner {

    private final int minEpochs;
    private final int eta;
    private final int maxEpochs;

    public AshaStopping(int minEpochs, int eta, int maxEpochs) {
        if (minEpochs < 1) {
            throw new IllegalArgumentException("minEpochs must be positive, found " + minEpochs);
        }
        if (eta < 2) {
            throw new IllegalArgumentException("eta must be >= 2, found " + eta);
        }
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("maxEpochs must be positive, found " + maxEpochs);
        }
        this.minEpochs = minEpochs;
        this.eta = eta;
        this.maxEpochs = maxEpochs;
    }

    /** The rung epochs: minEpochs·eta^k below maxEpochs (reaching maxEpochs is completing). */
    public List<Integer> rungs() {
        List<Integer> rungs = new ArrayList<>();
        for (long r = minEpochs; r < maxEpochs; r *= eta) {
            rungs.add((int) r);
        }
        return rungs;
    }

    @Override
    public Optional<String> decide(String trialId, Map<String, ? extends List<Double>> curves) {
        List<Double> own = curves.get(trialId);
        if (own == null || own.isEmpty() || !rungs().contains(own.size())) {
            return Optional.empty();
        }
        int rung = own.size();
        List<Double> recorded = new ArrayList<>();
        curves.values().forEach(curve -> {
            if (curve.size() >= rung) {
                recorded.add(Curves.orWorst(curve.get(rung - 1)));
            }
        });
        double cutoff = Curves.quantile(recorded, 1.0 / eta);
        double value = Curves.orWorst(own.get(rung - 1));
        if (Curves.worse(value, cutoff)) {
            return Optional.of(String.format(Locale.ROOT,
                    "asha rung %d: %s not in the best 1/%d of %d trials (cutoff %s)",
                    rung, Curves.show(value), eta, recorded.size(), Curves.show(cutoff)));
        }
        return Optional.empty();
    }
}
