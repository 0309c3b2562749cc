package dev.trialstream.core.message;

/**
 * A trial's terminal event: it completed, was pruned or failed. Exactly one of them is committed
 * per trial, which is what "every trial ends exactly once" counts.
 */
public sealed interface TrialEnded extends EventMessage permits TrialCompleted, TrialPruned, TrialFailed {
}
