package dev.trialstream.aggregator.state;

import java.util.Arrays;
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
        // Lanes by their next trial, lowest first; the lookups stop at the first free one (usually
        // the first: trials tend to end in the order they were released).
        int lanes = releases.length;
        long[] candidates = new long[lanes];
        int n = 0;
        for (int lane = 0; lane < lanes; lane++) {
            int index = index(lanes, lane, releases[lane]);
            if (index < budget) {
                candidates[n++] = (long) index << 32 | lane;
            }
        }
        if (n == 0) {
            return OptionalInt.empty();
        }
        Arrays.sort(candidates, 0, n);
        for (int c = 0; c < n; c++) {
            int lane = (int) candidates[c];
            if (releases[lane] == 0 || !busy.test(lane)) {
                return OptionalInt.of(lane);
            }
        }
        return OptionalInt.of((int) candidates[0]);
    }

    /** The index of lane {@code lane}'s {@code n}-th trial (0-based) among {@code lanes} lanes. */
    static int index(int lanes, int lane, int n) {
        return lane + lanes * n;
    }
}
