package dev.trialstream.core.ensemble;

import dev.trialstream.core.metrics.RegressionMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Greedy forward selection with replacement (Caruana et al., "Ensemble Selection from Libraries of
 * Models", ICML 2004; the form auto-sklearn and AutoGluon use): each round adds the candidate that
 * makes the running mean of the chosen predictions closest to the truth (lowest MSE), and a
 * candidate may be added again, so weights are counts / rounds. The prefix of rounds with the
 * lowest MSE is kept, so the ensemble never scores worse than the best single candidate on these
 * predictions. Ties go to the earlier candidate: the same inputs give the same ensemble.
 */
public final class EnsembleSelection {

    public static final int MAX_ROUNDS = 1000;

    private final int rounds;

    public EnsembleSelection(int rounds) {
        if (rounds < 1 || rounds > MAX_ROUNDS) {
            throw new IllegalArgumentException("rounds must be in 1.." + MAX_ROUNDS + ", found " + rounds);
        }
        this.rounds = rounds;
    }

    public Selection select(double[] truth, List<Candidate> candidates) {
        check(truth, candidates);
        int n = truth.length;
        double[] sum = new double[n];
        List<Integer> chosen = new ArrayList<>();
        List<Double> mseByRound = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            int best = -1;
            double bestMse = Double.POSITIVE_INFINITY;
            for (int c = 0; c < candidates.size(); c++) {
                double mse = mseWith(truth, sum, candidates.get(c).predictions(), round);
                if (mse < bestMse) {
                    bestMse = mse;
                    best = c;
                }
            }
            float[] added = candidates.get(best).predictions();
            for (int i = 0; i < n; i++) {
                sum[i] += added[i];
            }
            chosen.add(best);
            mseByRound.add(bestMse);
        }
        int kept = Selection.bestPrefix(mseByRound);
        return new Selection(weights(candidates, chosen.subList(0, kept)),
                RegressionMetrics.of(truth, mean(candidates, chosen.subList(0, kept), n)), mseByRound);
    }

    /** MSE of (sum + added) / round against the truth. */
    private static double mseWith(double[] truth, double[] sum, float[] added, int round) {
        double total = 0;
        for (int i = 0; i < truth.length; i++) {
            double error = (sum[i] + added[i]) / round - truth[i];
            total += error * error;
        }
        return total / truth.length;
    }

    private static Map<String, Double> weights(List<Candidate> candidates, List<Integer> chosen) {
        Map<String, Double> weights = new LinkedHashMap<>();
        for (int c : chosen) {
            weights.merge(candidates.get(c).trialId(), 1.0 / chosen.size(), Double::sum);
        }
        return weights;
    }

    private static double[] mean(List<Candidate> candidates, List<Integer> chosen, int n) {
        double[] mean = new double[n];
        for (int c : chosen) {
            float[] p = candidates.get(c).predictions();
            for (int i = 0; i < n; i++) {
                mean[i] += p[i] / chosen.size();
            }
        }
        return mean;
    }

    private static void check(double[] truth, List<Candidate> candidates) {
        if (truth == null || truth.length == 0) {
            throw new IllegalArgumentException("no training rows to select on");
        }
        if (candidates == null || candidates.isEmpty()) {
            throw new IllegalArgumentException("no candidates to select from");
        }
        for (Candidate candidate : candidates) {
            if (candidate.predictions().length != truth.length) {
                throw new IllegalArgumentException(candidate.trialId() + ": " + candidate.predictions().length
                        + " out-of-fold predictions for " + truth.length + " training rows");
            }
        }
    }
}
