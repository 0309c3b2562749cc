package dev.trialstream.core.ensemble;

import dev.trialstream.core.metrics.RegressionMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Bagged ensemble selection (Caruana et al. 2004, section 3): selection runs on {@code bags} random
 * halves of the candidates and the bags' choices are pooled, weights = times chosen over all bags /
 * rounds kept over all bags. One selection on a few hundred rows fits their noise: it piles weight on
 * whichever of several near-equal candidates happens to score best there. A candidate that is good only
 * by that chance wins only the bags it is in, so pooling spreads the weight over the candidates that
 * are good in many bags — more members, more even weights, less variance in the final model.
 *
 * <p>Should the pooled ensemble score worse on these predictions than the best single candidate, the
 * plain selection over all candidates is returned instead, so the result never scores worse than the
 * best single candidate (as {@link EnsembleSelection}). The bags are drawn from a fixed seed: the same
 * inputs give the same ensemble.
 */
public final class BaggedSelection {

    /**
     * The fewest candidates a bag holds (or all, when fewer): from bags of one or two, the draws rather
     * than the predictions would set the weights, so a small pool is selected from whole in every bag.
     */
    static final int MIN_BAG = 4;

    private final EnsembleSelection selection;
    private final int bags;
    private final double fraction;
    private final long seed;

    /**
     * @param selection how each bag selects
     * @param bags      how many bags (1..1000)
     * @param fraction  the share of the candidates each bag holds, in (0, 1]; at least {@link #MIN_BAG}
     * @param seed      the seed the bags are drawn from
     */
    public BaggedSelection(EnsembleSelection selection, int bags, double fraction, long seed) {
        if (selection == null) {
            throw new IllegalArgumentException("selection must be set");
        }
        if (bags < 1 || bags > 1000) {
            throw new IllegalArgumentException("bags must be in 1..1000, found " + bags);
        }
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1], found " + fraction);
        }
        this.selection = selection;
        this.bags = bags;
        this.fraction = fraction;
        this.seed = seed;
    }

    public Selection select(double[] truth, List<Candidate> candidates) {
        EnsembleSelection.check(truth, candidates);
        int size = Math.min(candidates.size(), Math.max(MIN_BAG, (int) Math.round(fraction * candidates.size())));
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Integer> counts = new LinkedHashMap<>();
        int rounds = 0;
        List<Double> mseByRound = new ArrayList<>();
        for (int b = 0; b < bags; b++) {
            Selection bag = selection.select(truth, sample(candidates, size, random));
            for (Map.Entry<String, Double> weight : bag.weights().entrySet()) {
                counts.merge(weight.getKey(), (int) Math.round(weight.getValue() * bag.rounds()), Integer::sum);
            }
            rounds += bag.rounds();
            mseByRound.addAll(bag.mseByRound());
        }
        Map<String, Double> weights = new LinkedHashMap<>();
        double[] mean = new double[truth.length];
        for (Candidate candidate : candidates) {   // candidates' order: ties and output are deterministic
            Integer count = counts.get(candidate.trialId());
            if (count == null || count == 0) {
                continue;
            }
            double weight = (double) count / rounds;
            weights.put(candidate.trialId(), weight);
            float[] p = candidate.predictions();
            for (int i = 0; i < mean.length; i++) {
                mean[i] += weight * p[i];
            }
        }
        RegressionMetrics pooled = RegressionMetrics.of(truth, mean);
        double bestSingle = candidates.stream()
                .mapToDouble(c -> EnsembleSelection.mse(truth, c.predictions())).min().orElseThrow();
        if (pooled.mse() > bestSingle) {
            return selection.select(truth, candidates);
        }
        return new Selection(weights, pooled, rounds, mseByRound);
    }

    /** {@code size} of the candidates, drawn without replacement, in their original order. */
    private static List<Candidate> sample(List<Candidate> candidates, int size, SplittableRandom random) {
        int[] index = new int[candidates.size()];
        for (int i = 0; i < index.length; i++) {
            index[i] = i;
        }
        for (int i = 0; i < size; i++) {   // a partial Fisher-Yates shuffle
            int j = i + random.nextInt(index.length - i);
            int swap = index[i];
            index[i] = index[j];
            index[j] = swap;
        }
        int[] picked = Arrays.copyOf(index, size);
        Arrays.sort(picked);
        List<Candidate> bag = new ArrayList<>(size);
        for (int i : picked) {
            bag.add(candidates.get(i));
        }
        return bag;
    }
}
