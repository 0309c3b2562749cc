package dev.trialstream.core.message;

/**
 * A worker's slots, announced on the {@code schedule} topic every {@code everyMillis} while it runs,
 * so the aggregator's scheduler shares the live fleet (when no fleet size is configured). A worker
 * not heard from for {@link #SILENT_PERIODS} periods has left; one that stops cleanly says so at
 * once with {@code slots} 0.
 *
 * @param workerId    the worker (its {@code --worker-id})
 * @param slots       trials it can run at once; 0: it is leaving
 * @param everyMillis how often it announces: the next announcement comes within this long
 * @param at          epoch millis of the announcement
 */
public record WorkerSlots(String workerId, int slots, long everyMillis, long at) implements ScheduleMessage {

    /** Announcement periods of silence after which a worker has left the fleet. */
    public static final int SILENT_PERIODS = 3;

    public WorkerSlots {
        Checks.id(workerId, "workerId");
        Checks.atLeast(slots, 0, "slots");
        Checks.atLeast(everyMillis, 1, "everyMillis");
        Checks.atLeast(at, 0, "at");
    }

    /** When a worker last heard at {@code heardAt} has left, unless it announces again before. */
    public long silentAfter(long heardAt) {
        return heardAt + SILENT_PERIODS * everyMillis;
    }

    @Override
    public String key() {
        return workerId;
    }
}
