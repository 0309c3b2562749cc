package dev.trialstream.core.strategy;

import dev.trialstream.core.text.Plural;
import dev.trialstream.core.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;

/**
 * Hyperband (Li et al., JMLR 2018) for a fixed trial budget: random configurations spread over
 * brackets s = s_max..0, where bracket s starts its trials with {@code maxEpochs·eta^-s} epochs
 * and stops them by successive halving (the ASHA rule, within the bracket only). Bracket sizes
 * follow Hyperband's n_s = ceil((s_max+1)/(s+1)·eta^s), scaled to the budget, every bracket
 * getting at least one trial; trials are interleaved across brackets, so a search stopped early
 * has sampled all of them. Which bracket a trial is in is a function of its index, so the
 * aggregator, which applies the stopping, needs nothing but the spec.
 */
public final class HyperbandStrategy implements Strategy {

    private final RandomStrategy configurations;
    private final int budget;
    private final int eta;
    private final int[] bracketOfTrial;
    private final int[] bracketMinEpochs;

    public HyperbandStrategy(SearchSpace space, int trials, long seed, int maxEpochs, int minEpochs, int eta) {
        if (maxEpochs < 1 || minEpochs < 1 || minEpochs > maxEpochs) {
            throw new IllegalArgumentException("need 1 <= minEpochs <= maxEpochs, found " + minEpochs + " and " + maxEpochs);
        }
        if (eta < 2) {
            throw new IllegalArgumentException("eta must be >= 2, found " + eta);
        }
        this.configurations = new RandomStrategy(space, trials, seed);
        this.budget = trials;
        this.eta = eta;
        int sMax = (int) Math.floor(Math.log((double) maxEpochs / minEpochs) / Math.log(eta) + 1e-9);
        int brackets = sMax + 1;
        bracketMinEpochs = new int[brackets];
        double[] weight = new double[brackets];
        double total = 0;
        for (int b = 0; b < brackets; b++) {
            int s = sMax - b;
            bracketMinEpochs[b] = Math.max(minEpochs, (int) Math.round(maxEpochs * Math.pow(eta, -s)));
            weight[b] = Math.ceil((double) brackets / (s + 1) * Math.pow(eta, s));
            total += weight[b];
        }
        int[] quota = quotas(trials, weight, total);
        bracketOfTrial = interleave(trials, quota);
    }

    /** Each bracket's share of the budget (largest remainder), at least one while trials last. */
    private static int[] quotas(int trials, double[] weight, double total) {
        int brackets = weight.length;
        int[] quota = new int[brackets];
        int given = 0;
        for (int b = 0; b < brackets && given < trials; b++) {
            quota[b] = 1;
            given++;
        }
        int rest = trials - given;
        double[] remainders = new double[brackets];
        int assigned = 0;
        for (int b = 0; b < brackets; b++) {
            double share = rest * weight[b] / total;
            quota[b] += (int) Math.floor(share);
            assigned += (int) Math.floor(share);
            remainders[b] = share - Math.floor(share);
        }
        for (int left = rest - assigned; left > 0; left--) {
            int best = 0;
            for (int b = 1; b < brackets; b++) {
                if (remainders[b] > remainders[best]) {
                    best = b;
                }
            }
            quota[best]++;
            remainders[best] = -1;
        }
        return quota;
    }

    /** Round-robin over brackets that still have quota, so the early trials cover every bracket. */
    private static int[] interleave(int trials, int[] quota) {
        int[] left = quota.clone();
        int[] order = new int[trials];
        int i = 0;
        while (i < trials) {
            for (int b = 0; b < left.length && i < trials; b++) {
                if (left[b] > 0) {
                    order[i++] = b;
                    left[b]--;
                }
            }
        }
        return order;
    }

    /** The bracket (0 = the most aggressive) trial {@code index} belongs to. */
    public int bracket(int index) {
        return bracketOfTrial[index];
    }

    /** The epochs every trial of trial {@code index}'s bracket gets before its first halving. */
    public int minEpochs(int index) {
        return bracketMinEpochs[bracketOfTrial[index]];
    }

    public int eta() {
        return eta;
    }

    public int brackets() {
        return bracketMinEpochs.length;
    }

    @Override
    public int budget() {
        return budget;
    }

    @Override
    public List<TrialPlan> initialTrials() {
        return configurations.initialTrials();
    }

    @Override
    public String describe() {
        List<String> parts = new ArrayList<>();
        int[] counts = new int[bracketMinEpochs.length];
        for (int b : bracketOfTrial) {
            counts[b]++;
        }
        for (int b = 0; b < counts.length; b++) {
            parts.add(counts[b] + "@" + bracketMinEpochs[b]);
        }
        return "hyperband: " + Plural.of(budget, "trial") + " in brackets (trials@min epochs) " + String.join(" ", parts)
                + ", eta " + eta;
    }
}
