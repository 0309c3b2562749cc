package dev.trialstream.worker.metrics;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The worker's per-search meters ({@code trialstream.worker.trials{search, outcome}}), removed from
 * the registry when the search is over for this worker, so a long-lived worker's memory and
 * {@code /metrics} do not grow with every search it ever served. The worker learns a search is
 * over only when it is cancelled (the control topic); a search that finished is forgotten after
 * it has been idle here for {@code idle}: no trial of it in a take of this worker's slots and no
 * meter of it touched. A search with a trial in a take is never forgotten, however long the trial.
 */
final class SearchMeters {

    private final MeterRegistry registry;
    private final Cache<String, Search> searches;

    SearchMeters(MeterRegistry registry, Duration idle, Ticker ticker, Scheduler scheduler) {
        this.registry = registry;
        long idleNanos = idle.toNanos();
        this.searches = Caffeine.newBuilder()
                .ticker(ticker)
                .scheduler(scheduler)
                // Pinned while held; otherwise idle time counts from the last use.
                .expireAfter(Expiry.<String, Search>accessing((id, search) -> search.held > 0
                        ? Duration.ofNanos(Long.MAX_VALUE) : Duration.ofNanos(idleNanos)))
                // Runs inside the eviction, atomically for the key: a concurrent use waits, then
                // finds no entry and registers fresh meters.
                .evictionListener((String id, Search search, com.github.benmanes.caffeine.cache.RemovalCause cause) -> {
                    if (search != null) {
                        search.remove();
                    }
                })
                .build();
    }

    /** The search's trials counter for this outcome (registered on first use). */
    Counter trials(String searchId, String outcome) {
        String tag = outcome.toLowerCase(Locale.ROOT);
        while (true) {
            Counter counter = searches.get(searchId, Search::new).counter(tag);
            if (counter != null) {
                return counter;
            }
            // That entry was removed between the lookup and the use: take (or make) the new one.
        }
    }

    /**
     * Keeps the searches' meters while their trials are in a take; closing it lets them idle again,
     * and removes those of a search that was declared over in the meantime.
     */
    WorkerMetrics.Hold hold(Collection<String> searchIds) {
        Set<String> ids = new LinkedHashSet<>(searchIds);
        for (String id : ids) {
            searches.asMap().compute(id, (key, search) -> {
                Search held = search == null ? new Search(key) : search;
                held.held++;
                return held;
            });
        }
        return () -> ids.forEach(this::release);
    }

    private void release(String searchId) {
        searches.asMap().computeIfPresent(searchId, (key, search) -> {
            search.held--;
            if (search.held == 0 && search.over) {
                search.remove();
                return null;
            }
            return search;
        });
    }

    /** The search is over: its meters go now, or when the last take holding it ends. */
    void over(String searchId) {
        searches.asMap().computeIfPresent(searchId, (key, search) -> {
            if (search.held > 0) {
                search.over = true;
                return search;
            }
            search.remove();
            return null;
        });
    }

    /** Removes the idle searches' meters now (the scheduler does it on time; tests call this). */
    void expireIdle() {
        searches.cleanUp();
    }

    /** Searches whose meters are registered. */
    long tracked() {
        searches.cleanUp();
        return searches.estimatedSize();
    }

    /** One search's meters; {@code held} and {@code over} change only inside the cache's compute. */
    private final class Search {
        private final String searchId;
        private final Map<String, Counter> counters = new ConcurrentHashMap<>();
        private int held;
        private boolean over;
        private boolean removed;

        Search(String searchId) {
            this.searchId = searchId;
        }

        /** The outcome's counter, or null once this entry's meters were removed. */
        synchronized Counter counter(String outcome) {
            if (removed) {
                return null;
            }
            return counters.computeIfAbsent(outcome, o -> Counter.builder("trialstream.worker.trials")
                    .tag("search", searchId).tag("outcome", o).description("trials by search and outcome")
                    .register(registry));
        }

        synchronized void remove() {
            removed = true;
            List.copyOf(counters.values()).forEach(registry::remove);
            counters.clear();
        }
    }
}
