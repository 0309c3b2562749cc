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
 * <p>The rule, with {@code n} trials, {@code E} epochs, reduction factor {@code eta} and
 * {@code p} trials in flight:
 * <ul>
 *   <li>minimum trials per rung {@code m = min(max(eta, p), f)}, where {@code f = max(2, round(n / eta^2))}
 *       is about how many trials two rungs let through to the end: the best 1/eta of fewer than
 *       eta values is not a cut, and the first p trials start together, so which of them reaches a
 *       rung first says nothing about them; but those free passes must not outnumber the trials
 *       the schedule expects to finish, or they alone fill its full-budget places (20 trials × 30
 *       epochs, 4 in flight: about 2 finish, and with m = 4 the first 3–4 trials finished whatever
 *       their scores; the measurements are in the README, Early stopping). m is at least 2: the
 *       first trial at a rung has nothing to be compared with;</li>
 *   <li>rungs: at most two, at {@code E/eta^2} and {@code E/eta} (rounded, at least 1), placed
 *       down from the top as Hyperband places a bracket's rungs; a rung only where it can cut: the
 *       R-th is reached by {@code n / eta^(R-1)} trials, which must be at least m (a rung fewer
 *       trials reach stops nothing). So fewer than m trials get no rung, fewer than eta·m one, at
 *       E/eta. No automatic rung comes before E/eta^2: on Boston (40 × 100) a third at epoch 4 cut
 *       trials whose curves had barely started and cost 2% of the best CV MSE (README, Early
 *       stopping).</li>
 * </ul>
 * 20 trials × 30 epochs, eta 3, 4 in flight: rungs at epochs 3 and 10, each cutting once 2 trials
 * recorded it. 40 × 100: 11 and 33, once 4 did. A {@code minEpochs} given in the spec places the
 * rungs at {@code minEpochs·eta^k} below E, as many as fit; a given {@code minTrialsPerRung} replaces m.
 *
 * @param rungs            the rung epochs, ascending, each below the max epochs
 * @param eta              the top 1/eta at a rung continue
 * @param minTrialsPerRung trials that must have recorded a rung before it stops any
 */
public record AshaSchedule(List<Integer> rungs, int eta, int minTrialsPerRung) {

    /** Rungs placed by the budget: none earlier than maxEpochs / eta^2. */
    static final int MAX_AUTO_RUNGS = 2;

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
     * @param trials      the search's trial budget
     * @param maxEpochs   epochs a trial trains when not stopped
     * @param parallelism trials the search keeps in flight
     */
    public static AshaSchedule of(PruningSpec spec, int trials, int maxEpochs, int parallelism) {
        if (trials < 1 || maxEpochs < 1 || parallelism < 1) {
            throw new IllegalArgumentException("trials, maxEpochs and parallelism must be positive, found "
                    + trials + ", " + maxEpochs + ", " + parallelism);
        }
        int eta = spec.eta();
        int minTrials = spec.minTrialsPerRung() == PruningSpec.AUTO ? autoMinTrials(trials, eta, parallelism)
                : spec.minTrialsPerRung();
        List<Integer> rungs = spec.minEpochs() == PruningSpec.AUTO
                ? fromTop(rungCount(trials, maxEpochs, eta, minTrials), maxEpochs, eta)
                : geometric(spec.minEpochs(), eta, maxEpochs);
        return new AshaSchedule(rungs, eta, minTrials);
    }

    /** max(eta, parallelism), but at most about the trials two rungs let finish (trials / eta^2), and at least 2. */
    static int autoMinTrials(int trials, int eta, int parallelism) {
        long finishers = Math.max(2, Math.round(trials / Math.pow(eta, MAX_AUTO_RUNGS)));
        return (int) Math.min(Math.max(eta, parallelism), finishers);
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

    /** One line for logs: "asha rungs [11, 33] (eta 3), a rung cuts once 4 trials reached it". */
    public String describe() {
        return rungs.isEmpty() ? "asha: no rungs at this budget (stops nothing)"
                : "asha rungs " + rungs + " (eta " + eta + "), a rung cuts once " + minTrialsPerRung + " trials reached it";
    }
}
