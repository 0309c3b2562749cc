package dev.trialstream.core.message;

/** The {@code control} topic (keyed by searchId): read by every worker, between epochs. */
public sealed interface ControlMessage extends Message permits StopTrial, CancelSearch, RungCutoffs {

    String searchId();

    @Override
    default String key() {
        return searchId();
    }
}
