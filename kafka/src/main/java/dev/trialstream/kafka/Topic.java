package dev.trialstream.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/** The topics of a trialstream installation and how each is kept. */
public enum Topic {
    /** Compacted: the spec of every search stays readable for as long as the search matters. */
    SEARCHES("searches", true, false),
    /** Compacted: one copy per chunk key, so datasets survive the retention period. */
    DATASETS("datasets", true, true),
    TRIALS("trials", false, false),
    EVENTS("events", false, false),
    CONTROL("control", false, false),
    /** Compacted: the last snapshot per search is all a reader needs. */
    LEADERBOARD("leaderboard", true, false),
    /** Compacted: the winner's chunks and its ModelPublished stay. */
    MODELS("models", true, true),
    DEAD_LETTERS("dead-letters", false, false),
    /**
     * What each search wants of the fleet (SearchDemand), for the aggregator's scheduler: one
     * partition, so one scheduler sees every search. Only the aggregator uses it (hence the name:
     * it falls under the aggregator's prefixed ACLs, like Kafka Streams' own topics).
     */
    SCHEDULE("aggregator-schedule", false, false),
    /** The scheduler's grants (SlotsGranted), keyed by search: partitioned like {@code events}. */
    GRANTS("aggregator-grants", false, false);

    /**
     * Chunks fit the 1 MiB broker default already (see BlobChunker); the higher per-topic limit is
     * headroom for a broker whose {@code message.max.bytes} was lowered, not a requirement.
     */
    public static final int BLOB_MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

    private final String suffix;
    private final boolean compacted;
    private final boolean carriesBlobs;

    Topic(String suffix, boolean compacted, boolean carriesBlobs) {
        this.suffix = suffix;
        this.compacted = compacted;
        this.carriesBlobs = carriesBlobs;
    }

    /** The name after the prefix: {@code dead-letters}. */
    public String suffix() {
        return suffix;
    }

    public boolean compacted() {
        return compacted;
    }

    /** The {@code cleanup.policy} this topic is created with. */
    public String cleanupPolicy() {
        return compacted ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE;
    }

    /** The topic-level configs it is created with. */
    public Map<String, String> configs() {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy());
        if (carriesBlobs) {
            configs.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(BLOB_MAX_MESSAGE_BYTES));
        }
        return configs;
    }
}
