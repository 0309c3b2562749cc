package dev.trialstream.worker.trial;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Why a trial should stop, as told by the control topic (pruning decisions, cancelled searches).
 * Written by the control listener, read by training threads between epochs.
 */
public final class StopSignals {

    private final Map<String, String> trials = new ConcurrentHashMap<>();
    private final Map<String, String> searches = new ConcurrentHashMap<>();

    public void stopTrial(String trialId, String reason) {
        trials.putIfAbsent(trialId, reason);
    }

    public void cancelSearch(String searchId, String reason) {
        searches.putIfAbsent(searchId, reason);
    }

    /** The reason a search was cancelled, if it was. */
    public Optional<String> cancelled(String searchId) {
        return Optional.ofNullable(searches.get(searchId));
    }

    /** The reason to stop this trial now, if any: its own stop, or its search's cancellation. */
    public Optional<String> reasonToStop(String searchId, String trialId) {
        String reason = trials.get(trialId);
        if (reason != null) {
            return Optional.of(reason);
        }
        return cancelled(searchId).map(r -> "search cancelled: " + r);
    }
}
