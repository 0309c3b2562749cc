package dev.trialstream.aggregator.streams;

import dev.trialstream.aggregator.metrics.AggregatorMetrics;
import dev.trialstream.aggregator.state.Output;
import dev.trialstream.aggregator.state.SearchTracker;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.kafka.Topics;
import java.time.Clock;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * searches + events (co-partitioned by search id) → one tracker processor with a changelogged
 * store → leaderboard snapshots, final-fit requests (trials), stop requests (control), dead letters.
 */
public final class AggregatorTopology {

    public static final String STORE = "searches-state";
    static final String DEAD_LETTERS = "dead-letters-sink";
    private static final String LEADERBOARD = "leaderboard-sink";
    private static final String TRIALS = "trials-sink";
    private static final String CONTROL = "control-sink";

    private AggregatorTopology() {
    }

    public static Topology build(Topics topics, SearchTracker tracker, MessageCodec codec, Clock clock,
                                 AggregatorMetrics metrics) {
        return build(topics, tracker, codec, OutOfFoldFiles.NONE, clock, metrics);
    }

    static Topology build(Topics topics, SearchTracker tracker, MessageCodec codec, OutOfFoldFiles outOfFoldFiles,
                          Clock clock, AggregatorMetrics metrics) {
        Topology topology = new Topology();
        topology.addSource("searches", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                topics.searches());
        topology.addSource("events", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                topics.events());
        topology.addProcessor("tracker", () -> new TrackerProcessor(tracker, codec, outOfFoldFiles, clock, metrics), "searches", "events");
        // Cached: a burst of events for one search becomes one changelog write per commit, not one each.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                Serdes.ByteArray()).withCachingEnabled(), "tracker");
        topology.addSink(LEADERBOARD, topics.leaderboard(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), "tracker");
        topology.addSink(TRIALS, topics.trials(), Serdes.String().serializer(), Serdes.ByteArray().serializer(),
                "tracker");
        topology.addSink(CONTROL, topics.control(), Serdes.String().serializer(), Serdes.ByteArray().serializer(),
                "tracker");
        topology.addSink(DEAD_LETTERS, topics.deadLetters(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), "tracker");
        return topology;
    }

    static String sinkFor(Output.Destination destination) {
        return switch (destination) {
            case LEADERBOARD -> LEADERBOARD;
            case TRIALS -> TRIALS;
            case CONTROL -> CONTROL;
        };
    }
}
