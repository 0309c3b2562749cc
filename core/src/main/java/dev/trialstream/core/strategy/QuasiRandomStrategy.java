package dev.trialstream.core.strategy;

import dev.trialstream.core.text.Plural;
import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.params.ParamName;
import dev.trialstream.core.space.SearchSpace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A scrambled Halton sequence over the space: point i's coordinate in dimension d is the radical
 * inverse of i+1 in the d-th prime base, shifted by a seeded random offset modulo 1
 * (Cranley–Patterson rotation). Small budgets cover the space more evenly than independent
 * random draws. Training seeds come from the same per-trial splits as {@link RandomStrategy}.
 */
public final class QuasiRandomStrategy implements Strategy {

    private static final int[] PRIMES = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37};

    private final SearchSpace space;
    private final int budget;
    private final long seed;

    public QuasiRandomStrategy(SearchSpace space, int trials, long seed) {
        this.budget = Budgets.check(space, trials);
        this.space = space;
        this.seed = seed;
    }

    @Override
    public int budget() {
        return budget;
    }

    @Override
    public List<TrialPlan> initialTrials() {
        ParamName[] names = ParamName.values();
        SplittableRandom shifts = new SplittableRandom(seed ^ 0x5DEECE66DL);
        double[] shift = new double[names.length];
        for (int d = 0; d < names.length; d++) {
            shift[d] = shifts.nextDouble();
        }
        SplittableRandom root = new SplittableRandom(seed);
        List<TrialPlan> trials = new ArrayList<>(budget);
        for (int i = 0; i < budget; i++) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (int d = 0; d < names.length; d++) {
                double u = (radicalInverse(i + 1, PRIMES[d]) + shift[d]) % 1.0;
                values.put(names[d].wireName(), space.domain(names[d]).at(u));
            }
            trials.add(new TrialPlan(i, Hyperparameters.fromMap(values), root.split().nextLong()));
        }
        return List.copyOf(trials);
    }

    /** The van der Corput radical inverse of n in base b: n's digits mirrored after the point. */
    static double radicalInverse(int n, int base) {
        double inverse = 0;
        double factor = 1.0 / base;
        while (n > 0) {
            inverse += (n % base) * factor;
            n /= base;
            factor /= base;
        }
        return inverse;
    }

    @Override
    public String describe() {
        return "quasirandom (Halton): " + Plural.of(budget, "trial") + ", seed " + seed;
    }
}
