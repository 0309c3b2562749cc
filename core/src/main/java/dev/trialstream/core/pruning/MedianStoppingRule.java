package dev.trialstream.core.pruning;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The median stopping rule (Golovin et al., "Google Vizier", KDD 2017): at epoch s, stop a trial
 * whose best CV MSE so far is worse than the median of the running averages (mean of epochs
 * 1..s) of the other trials that reached epoch s. No decision before {@code warmupEpochs} have
 * passed, nor while fewer than {@code minTrials} other trials have reached epoch s.
 */
public final class MedianStoppingRule implements Pruner {

    private final int minTrials;
    private final int warmupEpochs;

    public MedianStoppingRule(int minTrials, int warmupEpochs) {
        if (minTrials < 1) {
            throw new IllegalArgumentException("minTrials must be positive, found " + minTrials);
        }
        if (warmupEpochs < 0) {
            throw new IllegalArgumentException("warmupEpochs must be >= 0, found " + warmupEpochs);
        }
        this.minTrials = minTrials;
        this.warmupEpochs = warmupEpochs;
    }

    @Override
    public Optional<String> decide(String trialId, Map<String, ? extends List<Double>> curves) {
        List<Double> own = curves.get(trialId);
        if (own == null || own.isEmpty()) {
            return Optional.empty();
        }
        int epoch = own.size();
        if (epoch <= warmupEpochs) {
            return Optional.empty();
        }
        List<Double> averages = new ArrayList<>();
        curves.forEach((other, curve) -> {
            if (!other.equals(trialId) && curve.size() >= epoch) {
                averages.add(Curves.runningAverage(curve, epoch));
            }
        });
        if (averages.size() < minTrials) {
            return Optional.empty();
        }
        double median = Curves.median(averages);
        double best = Curves.best(own);
        if (Curves.worse(best, median)) {
            return Optional.of(String.format(Locale.ROOT, "median rule, epoch %d: best %s > median %s of %d trials",
                    epoch, Curves.show(best), Curves.show(median), averages.size()));
        }
        return Optional.empty();
    }
}
