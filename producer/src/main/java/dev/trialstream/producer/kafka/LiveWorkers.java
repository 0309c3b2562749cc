package dev.trialstream.producer.kafka;

import dev.trialstream.core.message.WorkerSlots;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The workers in the fleet, by the rule the aggregator's scheduler shares the fleet by: a worker is
 * in it from an announcement ({@link WorkerSlots}) until it says it leaves (0 slots) or has been
 * silent for {@link WorkerSlots#SILENT_PERIODS} of its periods. Kept apart from the scheduler's own
 * list so that a follower can tell the user, from the workers' own announcements, that nothing will
 * take a search's trials. No Kafka; times are the caller's millis.
 */
final class LiveWorkers {

    /** Each worker in the fleet and when it has left if it does not announce again. */
    private final Map<String, Long> silentAfter = new HashMap<>();
    /** Since when the fleet has had no worker; -1 while it has one. */
    private long emptySince;

    /** @param since when the fleet is known to have had no worker (nothing heard of any before it) */
    LiveWorkers(long since) {
        this.emptySince = since;
    }

    /** An announcement heard at {@code heardAt}. */
    void announced(WorkerSlots announcement, long heardAt) {
        check(heardAt);
        if (announcement.slots() == 0) {
            silentAfter.remove(announcement.workerId());
        } else {
            silentAfter.merge(announcement.workerId(), announcement.silentAfter(heardAt), Math::max);
        }
        check(heardAt);
    }

    /** Since when no worker has been in the fleet, at {@code now}; empty while one is. */
    OptionalLong emptySince(long now) {
        check(now);
        return emptySince < 0 ? OptionalLong.empty() : OptionalLong.of(emptySince);
    }

    /** Whether {@code workerId} is in the fleet at {@code now}. */
    boolean has(String workerId, long now) {
        check(now);
        return silentAfter.containsKey(workerId);
    }

    /** Drops the workers silent too long by {@code now}; notes when the fleet emptied or filled. */
    private void check(long now) {
        long lastLeft = -1;
        for (var it = silentAfter.entrySet().iterator(); it.hasNext(); ) {
            long after = it.next().getValue();
            if (now > after) {
                lastLeft = Math.max(lastLeft, after);
                it.remove();
            }
        }
        if (silentAfter.isEmpty() && emptySince < 0) {
            emptySince = lastLeft < 0 ? now : lastLeft;
        } else if (!silentAfter.isEmpty()) {
            emptySince = -1;
        }
    }
}
