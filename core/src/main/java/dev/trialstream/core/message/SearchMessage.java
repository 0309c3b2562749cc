package dev.trialstream.core.message;

/** The {@code searches} topic (compacted, keyed by searchId): what was submitted, and cancels. */
public sealed interface SearchMessage extends Message permits SearchSubmitted, SearchCancelled {

    String searchId();

    @Override
    default String key() {
        return searchId();
    }
}
