package dev.trialstream.core.spec;

/**
 * The early-stopping policy applied across trials. Every field is kept whatever the policy, so
 * that switching policy on the command line keeps the tuning; each policy reads its own fields.
 *
 * @param minTrials        median: trials that must report an epoch before any trial is stopped at it
 * @param warmupEpochs     median: epochs a trial always runs before it may be stopped
 * @param minEpochs        asha: epochs of the first rung (the grace period: the smallest budget a
 *                         trial gets), rungs then at minEpochs·eta^k; {@link #AUTO}: placed by the
 *                         search's budget ({@code dev.trialstream.core.pruning.AshaSchedule})
 * @param eta              asha: reduction factor; the top 1/eta at a rung continue
 * @param minTrialsPerRung asha: trials that must record a rung before it stops any;
 *                         {@link #AUTO}: set by the trials in flight and the budget
 */
public record PruningSpec(PruningPolicy policy, int minTrials, int warmupEpochs, int minEpochs, int eta,
                          int minTrialsPerRung) {

    /** {@code minEpochs} or {@code minTrialsPerRung} chosen from the search's budget (written "auto"). */
    public static final int AUTO = 0;
    public static final int DEFAULT_MIN_TRIALS = 5;
    public static final int DEFAULT_WARMUP_EPOCHS = 10;
    public static final int DEFAULT_MIN_EPOCHS = AUTO;
    public static final int DEFAULT_ETA = 3;
    public static final int DEFAULT_MIN_TRIALS_PER_RUNG = AUTO;

    public PruningSpec {
        Checks.notNull("policy", policy);
        Checks.require("minTrials", Checks.between(minTrials, 1, 10_000));
        Checks.require("warmupEpochs", Checks.between(warmupEpochs, 0, TrainingSpec.MAX_EPOCHS));
        Checks.require("minEpochs", Checks.between(minEpochs, AUTO, TrainingSpec.MAX_EPOCHS));
        Checks.require("eta", Checks.between(eta, 2, 100));
        Checks.require("minTrialsPerRung", Checks.between(minTrialsPerRung, AUTO, 10_000));
    }

    /** ASHA's minimum trials per rung chosen from the budget. */
    public PruningSpec(PruningPolicy policy, int minTrials, int warmupEpochs, int minEpochs, int eta) {
        this(policy, minTrials, warmupEpochs, minEpochs, eta, DEFAULT_MIN_TRIALS_PER_RUNG);
    }

    /** The given policy with the default tuning. */
    public static PruningSpec of(PruningPolicy policy) {
        return new PruningSpec(policy, DEFAULT_MIN_TRIALS, DEFAULT_WARMUP_EPOCHS, DEFAULT_MIN_EPOCHS, DEFAULT_ETA,
                DEFAULT_MIN_TRIALS_PER_RUNG);
    }

    public static PruningSpec none() {
        return of(PruningPolicy.NONE);
    }
}
