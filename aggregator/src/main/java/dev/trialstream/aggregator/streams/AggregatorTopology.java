package dev.trialstream.aggregator.streams;

import dev.trialstream.aggregator.metrics.AggregatorMetrics;
import dev.trialstream.aggregator.state.Output;
import dev.trialstream.aggregator.state.SearchTracker;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.kafka.Topics;
import dev.trialstream.kafka.TrialPartitions;
import java.time.Clock;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * searches + events + grants (co-partitioned by search id) → one tracker processor with a
 * changelogged store → leaderboard snapshots, released trials and final-fit requests (trials), stop
 * requests (control), each search's demand (schedule), dead letters; and schedule (one partition)
 * and the workers' announced slots → the fleet's scheduler with its own stores → grants.
 */
public final class AggregatorTopology {

    public static final String STORE = "searches-state";
    static final String SCHEDULE_STORE = "fleet-shares";
    /** The live workers' announced slots (the scheduler's, when no fleet size is configured). */
    static final String FLEET_STORE = "fleet-workers";
    static final String GRANTS_SINK = "grants-sink";
    static final String SCHEDULER_DEAD_LETTERS = "scheduler-dead-letters-sink";
    private static final String SCHEDULE_SINK = "schedule-sink";
    static final String DEAD_LETTERS = "dead-letters-sink";
    private static final String LEADERBOARD = "leaderboard-sink";
    private static final String TRIALS = "trials-sink";
    private static final String CONTROL = "control-sink";

    private AggregatorTopology() {
    }

    public static Topology build(Topics topics, SearchTracker tracker, MessageCodec codec, Clock clock,
                                 AggregatorMetrics metrics, int fleetSlots, java.time.Duration retainFinished) {
        return build(topics, tracker, codec, OutOfFoldFiles.NONE, clock, metrics, fleetSlots, retainFinished,
                dev.trialstream.core.message.LeaderboardSnapshot.HEARTBEAT);
    }

    static Topology build(Topics topics, SearchTracker tracker, MessageCodec codec, OutOfFoldFiles outOfFoldFiles,
                          Clock clock, AggregatorMetrics metrics, int fleetSlots, java.time.Duration retainFinished,
                          java.time.Duration heartbeat) {
        Topology topology = new Topology();
        topology.addSource("searches", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                topics.searches());
        topology.addSource("events", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                topics.events());
        topology.addSource("grants", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                topics.grants());
        topology.addProcessor("tracker", () -> new TrackerProcessor(tracker, codec, outOfFoldFiles, clock, metrics,
                retainFinished, heartbeat), "searches", "events",
                "grants");
        // Cached: a burst of events for one search becomes one changelog write per commit, not one each.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                Serdes.ByteArray()).withCachingEnabled(), "tracker");
        topology.addSink(LEADERBOARD, topics.leaderboard(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), "tracker");
        topology.addSink(TRIALS, topics.trials(), Serdes.String().serializer(), Serdes.ByteArray().serializer(),
                (topic, key, value, partitions) -> java.util.Optional.of(java.util.Set.of(trialPartition(key, partitions))),
                "tracker");
        topology.addSink(CONTROL, topics.control(), Serdes.String().serializer(), Serdes.ByteArray().serializer(),
                "tracker");
        topology.addSink(SCHEDULE_SINK, topics.schedule(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), "tracker");
        // The scheduler: a sub-topology of its own on the one-partition schedule topic.
        topology.addSource("schedule", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                topics.schedule());
        topology.addProcessor("scheduler", () -> new SchedulerProcessor(fleetSlots, codec, clock, metrics), "schedule");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SCHEDULE_STORE),
                Serdes.String(), Serdes.ByteArray()).withCachingEnabled(), "scheduler");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FLEET_STORE),
                Serdes.String(), Serdes.ByteArray()).withCachingEnabled(), "scheduler");
        topology.addSink(GRANTS_SINK, topics.grants(), Serdes.String().serializer(), Serdes.ByteArray().serializer(),
                "scheduler");
        topology.addSink(DEAD_LETTERS, topics.deadLetters(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), "tracker");
        // A sink of its own: one shared with the tracker would join the two sub-topologies, whose
        // inputs are not co-partitioned.
        topology.addSink(SCHEDULER_DEAD_LETTERS, topics.deadLetters(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), "scheduler");
        return topology;
    }

    /**
     * A released trial goes to its lane's partition (its key names the lane,
     * {@link dev.trialstream.aggregator.state.TrialQueueKey}), where {@link TrialPartitions} puts
     * that lane's first trial as the submitter queued it; a key that is a trial's id, where that
     * trial's index would. Other records (final fits) are hashed by key, as the producer would.
     */
    static int trialPartition(String key, int partitions) {
        var lane = dev.trialstream.aggregator.state.TrialQueueKey.parse(key);
        if (lane.isPresent()) {
            return TrialPartitions.of(lane.get().searchId(), lane.get().lane(), partitions);
        }
        java.util.regex.Matcher trial = TRIAL_ID.matcher(key);
        if (trial.matches()) {
            return TrialPartitions.of(trial.group(1), Integer.parseInt(trial.group(2)), partitions);
        }
        return org.apache.kafka.common.utils.Utils.toPositive(
                org.apache.kafka.common.utils.Utils.murmur2(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                % partitions;
    }

    /** A trial's id, {@link dev.trialstream.core.message.TrialRequested#idFor}: the search's id and the index. */
    private static final java.util.regex.Pattern TRIAL_ID = java.util.regex.Pattern.compile("(.*)-t(\\d{1,9})");

    static String sinkFor(Output.Destination destination) {
        return switch (destination) {
            case LEADERBOARD -> LEADERBOARD;
            case TRIALS -> TRIALS;
            case CONTROL -> CONTROL;
            case SCHEDULE -> SCHEDULE_SINK;
            case GRANTS -> GRANTS_SINK;
        };
    }
}
