package dev.trialstream.aggregator.state;

import java.util.OptionalInt;
import java.util.function.IntPredicate;

/**
 * Which lane a search's next trial queues in. A search of parallelism P runs its trials in P
 * lanes, at most one in flight each; lane l queues on partition {@code (start + l) mod partitions}
 * ({@link dev.trialstream.kafka.TrialPartitions}, the record key naming the lane: {@link TrialQueueKey}),
 * so when P is a multiple of the partition count (as {@code local}'s default, 4 × its slots on as
 * many partitions) releasing into the lane that just freed puts the next trial where a slot just
 * finished. Trials are released in index order whichever lane frees, so a slot that gets through
 * its trials sooner gets more of them. (Lanes that each owned a fixed share of the indices — trial
 * i in lane i mod P — left one slot idle at a search's end, up to 3 s of a 64-trial search, while
 * the other slot still had a queue behind a long trial.)
 *
 * <p>The lanes are tried from the one after the lane that released last, round: trials tend to end
 * in the order they were released, so the first lane tried is usually free (one lookup per release
 * as a rule, which the no-op pipeline's 512 lanes need). The first free one (its last trial ended,
 * or it released none) is taken; when none is free (a grant beyond the lanes, as a fleet that
 * grew), the one whose last trial was released earliest. Pure: the caller keeps each lane's last
 * trial.
 */
final class TrialLanes {

    /** In {@code last}: a lane that has released nothing yet. */
    static final int NONE = -1;

    private TrialLanes() {
    }

    /**
     * @param last per lane, the index of the last trial it released, or {@link #NONE}
     * @param busy whether lane l's last released trial is still queued or running
     * @return the lane to release into, or empty when there are no lanes
     */
    static OptionalInt next(int[] last, IntPredicate busy) {
        int lanes = last.length;
        int newest = 0;
        for (int lane = 1; lane < lanes; lane++) {
            if (last[lane] > last[newest]) {
                newest = lane;
            }
        }
        int oldest = NONE;
        for (int k = 1; k <= lanes; k++) {
            int lane = (newest + k) % lanes;
            if (last[lane] == NONE || !busy.test(lane)) {
                return OptionalInt.of(lane);
            }
            if (oldest == NONE || last[lane] < last[oldest]) {
                oldest = lane;
            }
        }
        return oldest == NONE ? OptionalInt.empty() : OptionalInt.of(oldest);
    }
}
