package dev.trialstream.producer.kafka;

import dev.trialstream.core.message.SearchSubmitted;
import dev.trialstream.core.message.TrialRequested;
import java.util.List;

/** What {@link SearchSubmitter} published: the search and its first trials. */
public record SubmittedSearch(SearchSubmitted search, List<TrialRequested> trials) {

    public SubmittedSearch {
        trials = List.copyOf(trials);
    }

    public String searchId() {
        return search.searchId();
    }
}
