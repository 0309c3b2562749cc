package dev.trialstream.aggregator.schedule;

import dev.trialstream.core.message.WorkerSlots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The live workers and their slots, from their {@link WorkerSlots} announcements: a worker joins
 * with its first announcement, and leaves when it says so (0 slots) or has been silent for
 * {@link WorkerSlots#SILENT_PERIODS} of its periods. Times are the scheduler's own clock (when it
 * heard the worker), never the worker's. No Kafka; deterministic given the calls.
 */
public final class FleetWorkers {

    private final Map<String, FleetMember> members = new TreeMap<>();

    /** Puts back a worker read from the store. */
    public void restore(String workerId, FleetMember member) {
        members.put(workerId, member);
    }

    /**
     * Takes an announcement heard at {@code now}.
     *
     * @return the worker's entry to store, or null when it left and its entry is to be deleted
     */
    public FleetMember announce(WorkerSlots announcement, long now) {
        if (announcement.slots() == 0) {
            members.remove(announcement.workerId());
            return null;
        }
        FleetMember member = new FleetMember(announcement.slots(), announcement.silentAfter(now));
        members.put(announcement.workerId(), member);
        return member;
    }

    /** Drops the workers silent for too long at {@code now}; returns their ids (entries to delete). */
    public List<String> dropSilent(long now) {
        List<String> silent = new ArrayList<>();
        members.forEach((id, member) -> {
            if (now > member.silentAfter()) {
                silent.add(id);
            }
        });
        silent.forEach(members::remove);
        return silent;
    }

    /** The live workers' slots, all together. */
    public int slots() {
        return members.values().stream().mapToInt(FleetMember::slots).sum();
    }

    public int workers() {
        return members.size();
    }
}
