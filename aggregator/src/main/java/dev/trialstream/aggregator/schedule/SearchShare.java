package dev.trialstream.aggregator.schedule;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.trialstream.core.message.SearchDemand;

/**
 * What the scheduler keeps about one active search: its latest {@link SearchDemand} and the slots
 * it granted it. Stored as JSON (one store entry per search), so a restarted scheduler knows which
 * grants it made. Mutable, owned by the scheduler.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class SearchShare {

    String searchId;
    int weight;
    int parallelism;
    int budget;
    int issued;
    long ended;
    /** Slots the search had received when it last reported. */
    long received;
    /** Slots this scheduler granted it: those beyond {@link #received} are on their way. */
    long granted;
    long submittedAt;

    SearchShare() {
    }

    SearchShare(String searchId) {
        this.searchId = searchId;
    }

    public String searchId() {
        return searchId;
    }

    public int weight() {
        return weight;
    }

    /** Takes a report: the counts are cumulative, the latest wins. */
    void report(SearchDemand demand) {
        weight = demand.weight();
        parallelism = demand.parallelism();
        budget = demand.budget();
        issued = demand.issued();
        ended = demand.ended();
        received = demand.granted();
        // A grant can only be received after it was made; a scheduler that somehow forgot its own
        // grants takes the search's count rather than believe some are negative.
        granted = Math.max(granted, received);
        submittedAt = demand.submittedAt();
    }

    /** Grants made and not received yet: trials it will release when they arrive. */
    long onTheirWay() {
        return granted - received;
    }

    /** Queued or running, counting grants on their way as trials already released. */
    public long inFlight() {
        return Math.max(0, issued - ended) + onTheirWay();
    }

    /** How many more slots it could use now: up to its parallelism, within its budget. */
    long wants() {
        long unreleased = budget - issued - onTheirWay();
        return Math.max(0, Math.min(parallelism - inFlight(), unreleased));
    }

    void grant() {
        granted++;
    }
}
