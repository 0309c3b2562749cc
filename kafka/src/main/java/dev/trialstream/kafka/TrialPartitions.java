package dev.trialstream.kafka;

/**
 * Where a search's trials queue on {@code trials}: trial {@code i} goes to partition
 * {@code (start + i) mod partitions}, where {@code start} is the search's own (a hash of its id).
 * Consecutive trials of a search land on different partitions, so on different slots (hashing each
 * trial's id could queue two behind one busy slot while another idles); and searches start at
 * different partitions, so every search's first batch does not queue on the same few partitions,
 * and equal searches progressing in step do not send their i-th trials to the same one. The
 * submitter places the first batch and the aggregator every later trial by this one rule.
 */
public final class TrialPartitions {

    private TrialPartitions() {
    }

    /** The partition of trial {@code index} of search {@code searchId} on a topic of {@code partitions}. */
    public static int of(String searchId, int index, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be positive, found " + partitions);
        }
        if (index < 0) {
            throw new IllegalArgumentException("trial index must not be negative, found " + index);
        }
        return (int) ((start(searchId, partitions) + (long) index) % partitions);
    }

    /** The partition a search's trial 0 goes to. */
    public static int start(String searchId, int partitions) {
        return PartitionScan.partitionOf(searchId, partitions); // where the default partitioner puts the id
    }
}
