package dev.trialstream.kafka;

/**
 * How many partitions and replicas new topics get.
 *
 * @param partitions        partitions of every topic but {@code trials} and {@code schedule}; events
 *                          are keyed by search, so this bounds how far the aggregator scales
 * @param trialPartitions   partitions of {@code trials}: the most worker slots that can train at once
 * @param replicationFactor replicas per partition, or {@link #BROKER_DEFAULT_REPLICATION} to take the
 *                          broker's {@code default.replication.factor}
 * @param raiseTrials       whether an existing {@code trials} topic with fewer partitions is raised to
 *                          {@code trialPartitions}; when false the count is only what a new topic gets
 */
public record TopicLayout(int partitions, int trialPartitions, short replicationFactor, boolean raiseTrials) {

    /** Leaves the replication factor to the broker's own default. */
    public static final short BROKER_DEFAULT_REPLICATION = -1;

    /** The trials topic's partitions when nobody says: what it is created with, never what it is raised to. */
    public static final int DEFAULT_TRIAL_PARTITIONS = 8;

    /**
     * Three partitions per topic, eight trial slots, the broker's replication default; an existing
     * trials topic is left as it is (a command run without a layout of its own, as {@code submit},
     * must not undo the one the operator chose).
     */
    public static final TopicLayout DEFAULTS = new TopicLayout(3, DEFAULT_TRIAL_PARTITIONS, BROKER_DEFAULT_REPLICATION, false);

    /** A layout asked for: an existing trials topic with fewer partitions is raised to {@code trialPartitions}. */
    public TopicLayout(int partitions, int trialPartitions, short replicationFactor) {
        this(partitions, trialPartitions, replicationFactor, true);
    }

    public TopicLayout {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be positive, found " + partitions);
        }
        if (trialPartitions < 1) {
            throw new IllegalArgumentException("trialPartitions must be positive, found " + trialPartitions);
        }
        if (replicationFactor != BROKER_DEFAULT_REPLICATION && replicationFactor < 1) {
            throw new IllegalArgumentException(
                    "replicationFactor must be positive (or -1 for the broker default), found " + replicationFactor);
        }
    }

    public TopicLayout withPartitions(int value) {
        return new TopicLayout(value, trialPartitions, replicationFactor, raiseTrials);
    }

    /** Asks for {@code value} trial partitions: an existing trials topic with fewer is raised. */
    public TopicLayout withTrialPartitions(int value) {
        return new TopicLayout(partitions, value, replicationFactor, true);
    }

    public TopicLayout withReplicationFactor(short value) {
        return new TopicLayout(partitions, trialPartitions, value, raiseTrials);
    }

    /** The partition count a topic is created with. */
    public int partitionsOf(Topic topic) {
        return switch (topic) {
            case TRIALS -> trialPartitions;
            // One scheduler shares the fleet between all searches: it must see all of them.
            case SCHEDULE -> 1;
            default -> partitions;
        };
    }
}
