package dev.trialstream.core.message;

/**
 * Fit a search's final model again: its final fit failed, or was asked for and never answered
 * (its answer lost). The aggregator asks the workers for the same fit once more; in any other
 * state it changes nothing.
 */
public record RefitRequested(String searchId, String reason, long at) implements SearchMessage {

    public RefitRequested {
        Checks.id(searchId, "searchId");
        Checks.text(reason, "reason");
        Checks.atLeast(at, 0, "at");
    }
}
