package dev.trialstream.core.pruning;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Asynchronous successive halving, stopping variant (Li et al., "A System for Massively Parallel
 * Hyperparameter Tuning", MLSys 2020; as Ray Tune's ASHAScheduler): rungs where
 * {@link AshaSchedule} places them (by default from the search's budget). When a trial reaches a rung
 * it continues only if its CV MSE there is within the best 1/eta of the values every trial recorded
 * at that rung (itself included, so the first trial at a rung always continues — that is the
 * asynchrony), and only once the rung has {@code minTrialsPerRung} values: before that, it continues.
 * A trial's value at a rung is its curve at that epoch, so the rule is a pure function of the
 * curves; trials that ended before a rung simply never record there.
 */
public final class AshaStopping implements Pruner {

    private final AshaSchedule schedule;

    /** Rungs at minEpochs·eta^k below maxEpochs, each cutting from its first trial on (Hyperband's brackets). */
    public AshaStopping(int minEpochs, int eta, int maxEpochs) {
        this(new AshaSchedule(geometricRungs(minEpochs, eta, maxEpochs), eta, 1));
    }

    public AshaStopping(AshaSchedule schedule) {
        this.schedule = schedule;
    }

    private static List<Integer> geometricRungs(int minEpochs, int eta, int maxEpochs) {
        if (minEpochs < 1) {
            throw new IllegalArgumentException("minEpochs must be positive, found " + minEpochs);
        }
        if (eta < 2) {
            throw new IllegalArgumentException("eta must be >= 2, found " + eta);
        }
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("maxEpochs must be positive, found " + maxEpochs);
        }
        return AshaSchedule.geometric(minEpochs, eta, maxEpochs);
    }

    /** The rung epochs, ascending (reaching maxEpochs is completing). */
    public List<Integer> rungs() {
        return schedule.rungs();
    }

    @Override
    public Optional<String> decide(String trialId, Map<String, ? extends List<Double>> curves) {
        List<Double> own = curves.get(trialId);
        if (own == null || own.isEmpty() || !rungs().contains(own.size())) {
            return Optional.empty();
        }
        int rung = own.size();
        List<Double> recorded = recorded(curves.values(), rung);
        int eta = schedule.eta();
        if (recorded.size() < schedule.minTrialsPerRung()) {
            return Optional.empty();
        }
        double cutoff = Curves.quantile(recorded, 1.0 / eta);
        double value = Curves.orWorst(own.get(rung - 1));
        if (Curves.worse(value, cutoff)) {
            return Optional.of(String.format(Locale.ROOT,
                    "asha rung %d: %s not in the best 1/%d of %d trials (cutoff %s)",
                    rung, Curves.show(value), eta, recorded.size(), Curves.show(cutoff)));
        }
        return Optional.empty();
    }

    /**
     * Each rung's cutoff as {@link #decide} would apply it to a trial that reached the rung now
     * (before that trial's own value joins): the rungs that have heard from enough trials to cut,
     * and whose cutoff is finite (an infinite one cuts nothing), ascending.
     */
    public List<RungCutoff> cutoffs(Collection<? extends List<Double>> curves) {
        List<RungCutoff> cutoffs = new ArrayList<>();
        for (int rung : rungs()) {
            List<Double> recorded = recorded(curves, rung);
            if (recorded.isEmpty() || recorded.size() < schedule.minTrialsPerRung()) {
                continue;
            }
            double cutoff = Curves.quantile(recorded, 1.0 / schedule.eta());
            if (Double.isFinite(cutoff)) {
                cutoffs.add(new RungCutoff(rung, cutoff, recorded.size()));
            }
        }
        return cutoffs;
    }

    /** The top 1/eta at a rung continue. */
    public int eta() {
        return schedule.eta();
    }

    /** The values every curve that reached {@code rung} recorded there (NaN and infinity as worst). */
    private static List<Double> recorded(Collection<? extends List<Double>> curves, int rung) {
        List<Double> recorded = new ArrayList<>();
        curves.forEach(curve -> {
            if (curve.size() >= rung) {
                recorded.add(Curves.orWorst(curve.get(rung - 1)));
            }
        });
        return recorded;
    }
}
