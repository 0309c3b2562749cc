package dev.trialstream.core.pruning;

import dev.trialstream.core.spec.PruningSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Where ASHA's rungs go and how many trials a rung must hear from before it stops any, chosen
 * from the search's budget where the spec says {@code auto} (the defaults) — what Ray Tune's
 * {@code grace_period} and Optuna's {@code min_early_stopping_rate} / {@code bootstrap_count} fix by
 * hand. One schedule for every budget fits none: rungs at 5 and 15 left about two of 20 trials of
 * 30 epochs to finish, and one rung at E/3 for such a search trains about two thirds of its epochs.
 *
 * <p>The rule, with {@code n} trials, {@code E} epochs and reduction factor {@code eta}:
 * <ul>
 *   <li>minimum trials per rung {@code m = 2}: a rung cuts from the second trial that reaches it
 *       on (the first has nothing to be compared with), as Ray Tune's ASHAScheduler and Optuna's
 *       SuccessiveHalvingPruner do. Until 2026-12-05 it was {@code max(eta, p)} for {@code p}
 *       trials in flight, which let the first trials of a search through every rung: on California
 *       (20 × 30) that trained 50–61% of the epochs against 31–51% with 2, and came closer to
 *       {@code tpe} alone less often (README, Early stopping);</li>
 *   <li>rungs: at most two, at {@code E/eta^2} and {@code E/eta} (rounded, at least 1), placed
 *       down from the top as Hyperband places a bracket's rungs; a rung only where it can cut: the
 *       R-th is reached by {@code n / eta^(R-1)} trials, which must be at least m (a rung fewer
 *       trials reach stops nothing). So a single trial gets no rung, fewer than eta·m one, at
 *       E/eta. No automatic rung comes before E/eta^2: on Boston (40 × 100) a third at epoch 4 cut
 *       trials whose curves had barely started and cost 2% of the best CV MSE (README, Early
 *       stopping).</li>
 * </ul>
 * 20 trials × 30 epochs, eta 3: rungs at epochs 3 and 10, each cutting once 2 trials recorded it.
 * 40 × 100: 11 and 33. A {@code minEpochs} given in the spec places the rungs at
 * {@code minEpochs·eta^k} below E, as many as fit; a given {@code minTrialsPerRung} replaces m.
 *
 * @param rungs            the rung epochs, ascending, each below the max epochs
 * @param eta              the top 1/eta at a rung continue
 * @param minTrialsPerRung trials that must have recorded a rung before it stops any
 */
public record AshaSchedule(List<Integer> rungs, int eta, int minTrialsPerRung) {

    /** Rungs placed by the budget: none earlier than maxEpochs / eta^2. */
    static final int MAX_AUTO_RUNGS = 2;

    /** Trials a rung hears from before it cuts, unless the spec says: the first has nothing to be compared with. */
    static final int AUTO_MIN_TRIALS = 2;

    public AshaSchedule {
        rungs = List.copyOf(rungs);
        if (eta < 2) {
            throw new IllegalArgumentException("eta must be >= 2, found " + eta);
        }
        if (minTrialsPerRung < 1) {
            throw new IllegalArgumentException("minTrialsPerRung must be positive, found " + minTrialsPerRung);
        }
    }

    /**
     * @param trials    the search's trial budget
     * @param maxEpochs epochs a trial trains when not stopped
     */
    public static AshaSchedule of(PruningSpec spec, int trials, int maxEpochs) {
        if (trials < 1 || maxEpochs < 1) {
            throw new IllegalArgumentException("trials and maxEpochs must be positive, found " + trials + ", " + maxEpochs);
        }
        int eta = spec.eta();
        int minTrials = spec.minTrialsPerRung() == PruningSpec.AUTO ? AUTO_MIN_TRIALS : spec.minTrialsPerRung();
        List<Integer> rungs = spec.minEpochs() == PruningSpec.AUTO
                ? fromTop(rungCount(trials, maxEpochs, eta, minTrials), maxEpochs, eta)
                : geometric(spec.minEpochs(), eta, maxEpochs);
        return new AshaSchedule(rungs, eta, minTrials);
    }

    /**
     * The most rungs R, at most {@link #MAX_AUTO_RUNGS}, with trials / eta^(R-1) >= minTrials
     * (the last rung can cut) and maxEpochs / eta^R >= 1.
     */
    static int rungCount(int trials, int maxEpochs, int eta, int minTrials) {
        int count = 0;
        long reach = eta;   // eta^R: with R rungs the lowest sits at maxEpochs / eta^R and trials / eta^(R-1) reach the top one
        while (count < MAX_AUTO_RUNGS && (double) trials * eta / reach >= minTrials && reach <= maxEpochs) {
            count++;
            reach *= eta;
        }
        return count;
    }

    /** {@code count} rungs at maxEpochs / eta^count, ..., maxEpochs / eta, rounded, each at least 1. */
    static List<Integer> fromTop(int count, int maxEpochs, int eta) {
        List<Integer> rungs = new ArrayList<>();
        for (int k = count; k >= 1; k--) {
            int rung = (int) Math.max(1, Math.round(maxEpochs / Math.pow(eta, k)));
            if (rung < maxEpochs && (rungs.isEmpty() || rung > rungs.get(rungs.size() - 1))) {
                rungs.add(rung);
            }
        }
        return rungs;
    }

    /** minEpochs·eta^k below maxEpochs (reaching maxEpochs is completing). */
    static List<Integer> geometric(int minEpochs, int eta, int maxEpochs) {
        List<Integer> rungs = new ArrayList<>();
        for (long r = minEpochs; r < maxEpochs; r *= eta) {
            rungs.add((int) r);
        }
        return rungs;
    }

    /** One line for logs: "asha rungs [3, 10] (eta 3), a rung cuts once 2 trials reached it". */
    public String describe() {
        return rungs.isEmpty() ? "asha: no rungs at this budget (stops nothing)"
                : "asha rungs " + rungs + " (eta " + eta + "), a rung cuts once " + minTrialsPerRung + " trials reached it";
    }
}
