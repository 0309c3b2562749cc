package dev.trialstream.core.training;

/** How a trial ended. */
public enum TrialStatus {
    /** Ran every epoch, or stopped by its own patience rule. */
    COMPLETED,
    /** Stopped from outside between epochs (pruning policy, cancel). */
    STOPPED,
    /** Diverged (NaN/∞ loss) or could not be built. */
    FAILED
}
