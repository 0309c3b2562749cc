package dev.trialstream.aggregator.schedule;

import dev.trialstream.core.message.SearchDemand;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Shares a fleet of worker slots between the active searches by weight. Each free slot goes to
 * the search that wants one and would then hold the fewest slots per unit of weight,
 * {@code (inFlight + 1) / weight} (in flight = queued or running: what it holds of the fleet now;
 * the +1 is D'Hondt's rule, so weights 4:1 on 5 slots give 4 and 1, where comparing
 * {@code inFlight / weight} would hand the low one a slot whenever it has none); ties go to the one
 * served least so far per unit of weight (so a newcomer comes first, and searches whose share is
 * under one slot take turns), then to the oldest. A search never holds more than its parallelism, and one that is cancelled or
 * done leaves at once, so its slots go to the others as its trials end.
 *
 * <p>Nothing is taken back: a slot frees when its trial ends, so a search that arrives on a full
 * fleet gets the next slots to free up, at most one trial's duration later. Deterministic given the
 * reports; no clock.
 */
public final class FleetScheduler {

    private static final Comparator<SearchShare> NEXT = Comparator
            .comparingDouble((SearchShare s) -> (double) (s.inFlight() + 1) / s.weight())
            .thenComparingDouble(s -> (double) (s.issued + s.onTheirWay()) / s.weight())
            .thenComparingLong(s -> s.submittedAt)
            .thenComparing(SearchShare::searchId);

    /** Active searches by id, sorted so that iteration is deterministic. */
    private final Map<String, SearchShare> searches = new TreeMap<>();
    private int capacity;

    /**
     * @param capacity the fleet's slots: the most trials queued or running, all searches together
     *                 (0: no worker yet, nothing is granted)
     */
    public FleetScheduler(int capacity) {
        setCapacity(capacity);
    }

    /**
     * The fleet grew or shrank. Nothing is taken back when it shrinks: the searches hold more than
     * it until enough of their trials end.
     */
    public void setCapacity(int slots) {
        if (slots < 0) {
            throw new IllegalArgumentException("fleet slots must not be negative, found " + slots);
        }
        capacity = slots;
    }

    public int capacity() {
        return capacity;
    }

    /** Puts back a search read from the store. */
    public void restore(SearchShare share) {
        searches.put(share.searchId(), share);
    }

    /**
     * Takes a search's report.
     *
     * @return the search's share to store, or null when it left (cancelled or done) and its entry
     *         is to be deleted
     */
    public SearchShare report(SearchDemand demand) {
        if (!demand.active()) {
            searches.remove(demand.searchId());
            return null;
        }
        SearchShare share = searches.computeIfAbsent(demand.searchId(), SearchShare::new);
        share.report(demand);
        return share;
    }

    /**
     * Hands out the free slots.
     *
     * @return slots granted, by search, in the order first granted; each search's share changed
     */
    public Map<String, Integer> grant() {
        long free = capacity - inFlight();
        Map<String, Integer> grants = new LinkedHashMap<>();
        while (free > 0) {
            SearchShare next = null;
            for (SearchShare share : searches.values()) {
                if (share.wants() > 0 && (next == null || NEXT.compare(share, next) < 0)) {
                    next = share;
                }
            }
            if (next == null) {
                break;
            }
            next.grant();
            grants.merge(next.searchId(), 1, Integer::sum);
            free--;
        }
        return grants;
    }

    /** Trials queued or running (or granted and on their way), all searches together. */
    public long inFlight() {
        return searches.values().stream().mapToLong(SearchShare::inFlight).sum();
    }

    public SearchShare share(String searchId) {
        return searches.get(searchId);
    }

    public Collection<SearchShare> active() {
        return Collections.unmodifiableCollection(searches.values());
    }
}
