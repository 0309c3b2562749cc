package dev.trialstream.core.message;

/** The {@code searches} topic (compacted, keyed by searchId): what was submitted, cancels and refits. */
public sealed interface SearchMessage extends Message permits SearchSubmitted, SearchCancelled, RefitRequested {

    String searchId();

    @Override
    default String key() {
        return searchId();
    }
}
