package dev.trialstream.worker.trial;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.trialstream.core.message.RungCutoffs;
import dev.trialstream.core.training.EpochReport;
import java.time.Duration;
import java.util.Optional;

/**
 * Why a trial should stop, as told by the control topic (pruning decisions, cancelled searches,
 * the rung cutoffs a trial is held to the moment it reaches a rung).
 * Written by the control listener, read by training threads between epochs.
 *
 * <p>Each signal is kept for {@link #REMEMBERED} after it was last written, then forgotten: a
 * long-lived worker would otherwise keep one entry for every trial pruned and every search it ever
 * heard of. The horizon is how long Kafka keeps a topic by default ({@code log.retention.hours}
 * 168), so a running worker knows about what a worker started now reads back from {@code control},
 * and the trials a forgotten signal was about are gone from {@code trials} by then too.
 */
public final class StopSignals {

    /** How long a signal is kept after it was last written. */
    public static final Duration REMEMBERED = Duration.ofDays(7);

    private final Cache<String, String> trials;
    private final Cache<String, String> searches;
    private final Cache<String, RungCutoffs> cutoffs;

    public StopSignals() {
        this(REMEMBERED, Ticker.systemTicker());
    }

    /** Signals kept for {@code remembered} after their last write, as {@code ticker} counts time. */
    public StopSignals(Duration remembered, Ticker ticker) {
        this.trials = forgetting(remembered, ticker);
        this.searches = forgetting(remembered, ticker);
        this.cutoffs = forgetting(remembered, ticker);
    }

    private static <V> Cache<String, V> forgetting(Duration remembered, Ticker ticker) {
        return Caffeine.newBuilder().ticker(ticker).expireAfterWrite(remembered).build();
    }

    public void stopTrial(String trialId, String reason) {
        trials.asMap().putIfAbsent(trialId, reason);
    }

    public void cancelSearch(String searchId, String reason) {
        searches.asMap().putIfAbsent(searchId, reason);
        cutoffs.invalidate(searchId);
    }

    /** A search's ASHA cutoffs as the aggregator last published them (a later one replaces an earlier). */
    public void cutoffs(RungCutoffs latest) {
        cutoffs.asMap().merge(latest.searchId(), latest, (known, now) -> now.at() >= known.at() ? now : known);
    }

    /**
     * The reason to stop a trial that just trained {@code report}'s epoch: its search's published
     * cutoff at that rung, if the epoch is one and the trial falls short of it.
     */
    public Optional<String> reasonAtRung(String searchId, EpochReport report) {
        RungCutoffs known = cutoffs.getIfPresent(searchId);
        return known == null ? Optional.empty() : known.stops(report.epoch(), report.meanMse());
    }

    /** The reason a search was cancelled, if it was. */
    public Optional<String> cancelled(String searchId) {
        return Optional.ofNullable(searches.getIfPresent(searchId));
    }

    /** The reason to stop this trial now, if any: its own stop, or its search's cancellation. */
    public Optional<String> reasonToStop(String searchId, String trialId) {
        String reason = trials.getIfPresent(trialId);
        if (reason != null) {
            return Optional.of(reason);
        }
        return cancelled(searchId).map(r -> "search cancelled: " + r);
    }
}
