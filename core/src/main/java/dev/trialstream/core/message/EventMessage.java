package dev.trialstream.core.message;

/** The {@code events} topic (keyed by searchId, so one search's events stay in order). */
public sealed interface EventMessage extends Message
        permits TrialStarted, EpochReported, TrialEnded, FinalFitCompleted, FinalFitFailed {

    String searchId();

    String trialId();

    /** Epoch millis when it happened, by the sender's clock. */
    long at();

    @Override
    default String key() {
        return searchId();
    }
}
