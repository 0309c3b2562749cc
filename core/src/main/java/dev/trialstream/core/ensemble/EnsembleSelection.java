package dev.trialstream.core.ensemble;

import dev.trialstream.core.metrics.RegressionMetrics;
import java.util.ArrayList;
import java.util.Comparator;
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
 *
 * <p>With sorted initialisation (Caruana 2004, section 3) the first rounds add the {@code N} best
 * candidates by their own MSE, each once, {@code N} (at most {@code initialBest}) being the count
 * whose plain mean scores best; greedy rounds follow. Starting from a mean of several good models
 * rather than from the single best keeps the early rounds from chasing the noise of a few hundred
 * rows. {@code initialBest = 1} is plain forward selection (its first round adds the best anyway).
 */
public final class EnsembleSelection {

    public static final int MAX_ROUNDS = 1000;

    private final int rounds;
    private final int initialBest;

    /** Plain forward selection. */
    public EnsembleSelection(int rounds) {
        this(rounds, 1);
    }

    /** Forward selection from the mean of the best (at most {@code initialBest}) candidates. */
    public EnsembleSelection(int rounds, int initialBest) {
        if (rounds < 1 || rounds > MAX_ROUNDS) {
            throw new IllegalArgumentException("rounds must be in 1.." + MAX_ROUNDS + ", found " + rounds);
        }
        if (initialBest < 1 || initialBest > rounds) {
            throw new IllegalArgumentException("initialBest must be in 1.." + rounds + " (the rounds), found "
                    + initialBest);
        }
        this.rounds = rounds;
        this.initialBest = initialBest;
    }

    public Selection select(double[] truth, List<Candidate> candidates) {
        check(truth, candidates);
        int n = truth.length;
        double[] sum = new double[n];
        List<Integer> chosen = new ArrayList<>();
        List<Double> mseByRound = new ArrayList<>();
        for (int c : sortedStart(truth, candidates)) {
            float[] added = candidates.get(c).predictions();
            mseByRound.add(mseWith(truth, sum, added, chosen.size() + 1));
            for (int i = 0; i < n; i++) {
                sum[i] += added[i];
            }
            chosen.add(c);
        }
        for (int round = chosen.size() + 1; round <= rounds; round++) {
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
                RegressionMetrics.of(truth, mean(candidates, chosen.subList(0, kept), n)), kept, mseByRound);
    }

    /** The sorted initialisation: the best candidates by their own MSE, as many as score best as a mean. */
    private List<Integer> sortedStart(double[] truth, List<Candidate> candidates) {
        List<Integer> byMse = new ArrayList<>();
        double[] own = new double[candidates.size()];
        for (int c = 0; c < candidates.size(); c++) {
            own[c] = mse(truth, candidates.get(c).predictions());
            byMse.add(c);
        }
        byMse.sort(Comparator.comparingDouble((Integer c) -> own[c]).thenComparingInt(c -> c));
        int most = Math.min(initialBest, candidates.size());
        double[] sum = new double[truth.length];
        int best = 1;
        double bestMse = Double.POSITIVE_INFINITY;
        for (int k = 1; k <= most; k++) {
            float[] added = candidates.get(byMse.get(k - 1)).predictions();
            double mse = mseWith(truth, sum, added, k);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += added[i];
            }
            if (mse < bestMse) {
                bestMse = mse;
                best = k;
            }
        }
        return byMse.subList(0, best);
    }

    /** One candidate's MSE against the truth. */
    public static double mse(double[] truth, float[] predictions) {
        return mseWith(truth, new double[truth.length], predictions, 1);
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
        // Counts first, one division each: 11 × 0.04 summed is 0.43999999999999995, 11 / 25 is 0.44.
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int c : chosen) {
            counts.merge(candidates.get(c).trialId(), 1, Integer::sum);
        }
        Map<String, Double> weights = new LinkedHashMap<>();
        counts.forEach((trial, count) -> weights.put(trial, (double) count / chosen.size()));
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

    static void check(double[] truth, List<Candidate> candidates) {
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
