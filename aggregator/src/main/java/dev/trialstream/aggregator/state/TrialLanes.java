package dev.trialstream.aggregator.state;

import java.util.OptionalInt;
import java.util.function.IntPredicate;

/**
 * Which trial a search releases next, so that a trial that ends is replaced on its own partition.
 * A search of parallelism P runs its trials in P lanes: lane l holds trials l, l + P, l + 2P, …, at
 * most one in flight. Trial i queues on partition {@code (start + i) mod partitions}
 * ({@link dev.trialstream.kafka.TrialPartitions}), so when P is a multiple of the partition count
 * (as {@code local}'s default, 2 × its slots on as many partitions) a lane's trials all queue on one
 * partition, and releasing into the lane that just freed puts the next trial where a slot just
 * finished. Released in plain index order instead, the next trial often queued behind the other,
 * busy slot while this one idled: a quarter of the slots' time in a 64-trial search on 2 slots.
 *
 * <p>A free lane (its last trial ended) goes first, lowest next index first; when none is free (a
 * grant beyond the lanes' trials, as a fleet that grew), the lane whose next trial is lowest. Pure:
 * the caller keeps the count of trials each lane released.
 */
final class TrialLanes {

    private TrialLanes() {
    }

    /**
     * @param releases per lane, the trials it released so far
     * @param budget   the search's trials
     * @param busy     whether lane l's last released trial is still queued or running
     * @return the lane to release into, or empty when every trial of the budget was released
     */
    static OptionalInt next(int[] releases, int budget, IntPredicate busy) {
        int best = -1;
        boolean bestFree = false;
        int bestIndex = Integer.MAX_VALUE;
        for (int lane = 0; lane < releases.length; lane++) {
            int index = index(releases.length, lane, releases[lane]);
            if (index >= budget) {
                continue;
            }
            boolean free = releases[lane] == 0 || !busy.test(lane);
            if (best < 0 || (free && !bestFree) || (free == bestFree && index < bestIndex)) {
                best = lane;
                bestFree = free;
                bestIndex = index;
            }
        }
        return best < 0 ? OptionalInt.empty() : OptionalInt.of(best);
    }

    /** The index of lane {@code lane}'s {@code n}-th trial (0-based) among {@code lanes} lanes. */
    static int index(int lanes, int lane, int n) {
        return lane + lanes * n;
    }
}
