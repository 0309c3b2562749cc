package dev.trialstream.core.spec;

/**
 * The early-stopping policy applied across trials. Every field is kept whatever the policy, so
 * that switching policy on the command line keeps the tuning; each policy reads its own fields.
 *
 * @param minTrials    median: trials that must report an epoch before any trial is stopped at it
 * @param warmupEpochs median: epochs a trial always runs before it may be stopped
 * @param minEpochs    asha: epochs of the first rung (the smallest budget a trial gets)
 * @param eta          asha: reduction factor; rungs at minEpochs·eta^k, the top 1/eta continue
 */
public record PruningSpec(PruningPolicy policy, int minTrials, int warmupEpochs, int minEpochs, int eta) {

    public static final int DEFAULT_MIN_TRIALS = 5;
    public static final int DEFAULT_WARMUP_EPOCHS = 10;
    public static final int DEFAULT_MIN_EPOCHS = 5;
    public static final int DEFAULT_ETA = 3;

    public PruningSpec {
        Checks.notNull("policy", policy);
        Checks.require("minTrials", Checks.between(minTrials, 1, 10_000));
        Checks.require("warmupEpochs", Checks.between(warmupEpochs, 0, TrainingSpec.MAX_EPOCHS));
        Checks.require("minEpochs", Checks.between(minEpochs, 1, TrainingSpec.MAX_EPOCHS));
        Checks.require("eta", Checks.between(eta, 2, 100));
    }

    /** The given policy with the default tuning. */
    public static PruningSpec of(PruningPolicy policy) {
        return new PruningSpec(policy, DEFAULT_MIN_TRIALS, DEFAULT_WARMUP_EPOCHS, DEFAULT_MIN_EPOCHS, DEFAULT_ETA);
    }

    public static PruningSpec none() {
        return of(PruningPolicy.NONE);
    }
}
