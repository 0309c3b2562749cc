package dev.trialstream.worker.trial;

import dev.trialstream.core.message.RungCutoffs;
import dev.trialstream.core.training.EpochReport;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Why a trial should stop, as told by the control topic (pruning decisions, cancelled searches,
 * the rung cutoffs a trial is held to the moment it reaches a rung).
 * Written by the control listener, read by training threads between epochs.
 */
public final class StopSignals {

    private final Map<String, String> trials = new ConcurrentHashMap<>();
    private final Map<String, String> searches = new ConcurrentHashMap<>();
    private final Map<String, RungCutoffs> cutoffs = new ConcurrentHashMap<>();

    public void stopTrial(String trialId, String reason) {
        trials.putIfAbsent(trialId, reason);
    }

    public void cancelSearch(String searchId, String reason) {
        searches.putIfAbsent(searchId, reason);
        cutoffs.remove(searchId);
    }

    /** A search's ASHA cutoffs as the aggregator last published them (a later one replaces an earlier). */
    public void cutoffs(RungCutoffs latest) {
        cutoffs.merge(latest.searchId(), latest, (known, now) -> now.at() >= known.at() ? now : known);
    }

    /**
     * The reason to stop a trial that just trained {@code report}'s epoch: its search's published
     * cutoff at that rung, if the epoch is one and the trial falls short of it.
     */
    public Optional<String> reasonAtRung(String searchId, EpochReport report) {
        RungCutoffs known = cutoffs.get(searchId);
        return known == null ? Optional.empty() : known.stops(report.epoch(), report.meanMse());
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
