package dev.trialstream.worker.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many trials a slot takes next: its {@link PackBudget}'s target time divided by what a trial
 * of each search has lately cost on this slot (a take's wall time over its trials, so stacking
 * shows up as cheaper trials), between 1 and the budget's maximum. The cost is kept per search:
 * searches differ (a California trial costs what hundreds of Boston ones do), and a take sized by
 * another search's cheap trials once held a slot's whole queue of expensive ones, every one of
 * them lost if the worker died. A search's first trial on this slot, before its cost is known,
 * goes alone. After a take failed as a whole, the next ones are single trials until the slot is
 * past the records of the failed one, so a poison record is found and dead-lettered on its own.
 * Poll-thread owned.
 */
final class TakeSizer {

    /** Searches whose cost is remembered: the most recently taken; one forgotten is measured again. */
    private static final int SEARCHES = 1024;

    private final PackBudget budget;
    private final Map<String, Double> secondsPerTrial = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Double> eldest) {
            return size() > SEARCHES;
        }
    };
    private int single;

    TakeSizer(PackBudget budget) {
        this.budget = budget;
    }

    /** A take being filled: asked, record by record, whether one more trial of a search fits. */
    Take take() {
        return new Take();
    }

    /** A take of {@code trials} (their searches, one entry per trial) ran in {@code wall}: weighs it half against what was known. */
    void took(List<String> searches, Duration wall) {
        double perTrial = wall.toNanos() / 1e9 / searches.size();
        for (String search : searches.stream().distinct().toList()) {
            secondsPerTrial.merge(search, perTrial, (known, now) -> (known + now) / 2);
        }
        if (single > 0) {
            single--;
        }
    }

    /** A take of {@code trials} failed as a whole: the next that many go one by one. */
    void failed(int trials) {
        single = Math.max(single, trials);
    }

    /** One take's trials so far and the time they are expected to cost. */
    final class Take {

        private int trials;
        private double seconds;
        private boolean closed;

        /** Whether the take can hold nothing more, whatever comes next. */
        boolean full() {
            return closed || trials >= budget.maxTrials();
        }

        /** Whether one more trial of {@code search} fits; if it does, it is counted in. */
        boolean add(String search) {
            if (full()) {
                return false;
            }
            Double cost = single > 0 ? null : secondsPerTrial.get(search);
            if (cost == null) {
                // Of unknown cost (or after a failed take): alone, as a take's only trial.
                if (trials > 0) {
                    return false;
                }
                closed = true;
                trials = 1;
                return true;
            }
            double each = Math.max(0, cost);
            if (trials > 0 && seconds + each > budget.target().toNanos() / 1e9) {
                return false;
            }
            trials++;
            seconds += each;
            return true;
        }
    }
}
