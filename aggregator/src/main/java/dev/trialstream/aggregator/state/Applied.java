package dev.trialstream.aggregator.state;

import java.util.List;

/**
 * What one message did to a search's state.
 *
 * @param changed  the state changed, so it must be stored
 * @param outputs  what to publish now; a changed leaderboard comes last
 * @param progress the leaderboard changed by what trials did alone (a trial started, reported an epoch or
 *                 ended without moving the search on): it is not in {@code outputs} (the caller
 *                 publishes those at most every so often, so building one per event would be
 *                 wasted); publish {@link SearchTracker#snapshot} when it is due
 */
public record Applied(boolean changed, List<Output> outputs, boolean progress) {

    public Applied {
        outputs = List.copyOf(outputs);
    }
}
