package dev.trialstream.core.prep;

/**
 * Choices for preprocessing.
 *
 * @param standardizeTarget train on {@code (y - mean) / std} of the fold's training targets;
 *                          metrics are still reported in the target's own units
 */
public record PrepOptions(boolean standardizeTarget) {

    /** Target standardization on: it keeps the loss scale sane whatever the target's units. */
    public static final PrepOptions DEFAULTS = new PrepOptions(true);
}
