package dev.trialstream.core.training;

/**
 * Called after every lockstep epoch; the answer says whether to go on. A listener that throws
 * fails the trial.
 */
@FunctionalInterface
public interface EpochListener {

    /** Returns empty to continue, or the reason to stop (a pruning decision, a cancel, a shutdown). */
    java.util.Optional<String> afterEpoch(EpochReport report);

    EpochListener CONTINUE = report -> java.util.Optional.empty();
}
