package dev.trialstream.aggregator.streams;

import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.kafka.KafkaConnection;
import dev.trialstream.kafka.MemberId;
import dev.trialstream.kafka.Topics;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the aggregator runs.
 *
 * @param kafka    the broker and the client properties (security) Kafka Streams' clients get
 * @param stateDir where RocksDB keeps the store; losing it loses nothing (the changelog restores it)
 * @param topN     completed trials ranked in each snapshot
 * @param instanceId stable across restarts of the same aggregator (a pod name), or null: with
 *                 it the group uses static membership, so a restarted aggregator takes its
 *                 partitions back at once instead of after the dead member's session timeout
 * @param fleetSlots the worker slots the searches share: the most trials queued or running at once,
 *                 all searches together (the most the fleet can grow to: see the README on KEDA), or
 *                 {@link #ANNOUNCED_FLEET}: the slots the live workers announce
 * @param retainFinished how long a finished search stays in the store after it ended (its page and
 *                 {@code /searches/ID}); then it is deleted, and its last leaderboard stays on the topic
 * @param heartbeat how often each unfinished search's leaderboard is published though nothing changed
 *                 ({@link LeaderboardSnapshot#HEARTBEAT}): what tells {@code watch} an aggregator answers
 */
public record AggregatorConfig(KafkaConnection kafka, Topics topics, Path stateDir, int topN,
                               Duration startTimeout, String instanceId, int fleetSlots, Duration retainFinished,
                               Duration heartbeat) {

    /** A week. */
    public static final Duration DEFAULT_RETAIN_FINISHED = Duration.ofDays(7);

    public AggregatorConfig(KafkaConnection kafka, Topics topics, Path stateDir, int topN, Duration startTimeout,
                            String instanceId, int fleetSlots) {
        this(kafka, topics, stateDir, topN, startTimeout, instanceId, fleetSlots, DEFAULT_RETAIN_FINISHED,
                LeaderboardSnapshot.HEARTBEAT);
    }

    /** {@code fleetSlots}: share the slots the live workers announce, not a configured number. */
    public static final int ANNOUNCED_FLEET = 0;

    /** The fleet of {@link #DEFAULT_FLEET_SLOTS} slots (the default trials partitions). */
    public static final int DEFAULT_FLEET_SLOTS = 8;

    /** With the default fleet. */
    public AggregatorConfig(KafkaConnection kafka, Topics topics, Path stateDir, int topN, Duration startTimeout,
                            String instanceId) {
        this(kafka, topics, stateDir, topN, startTimeout, instanceId, DEFAULT_FLEET_SLOTS);
    }

    /** Without an instance id (dynamic membership): for tests and local mode. */
    public AggregatorConfig(KafkaConnection kafka, Topics topics, Path stateDir, int topN, Duration startTimeout) {
        this(kafka, topics, stateDir, topN, startTimeout, null);
    }

    public AggregatorConfig {
        if (kafka == null) {
            throw new IllegalArgumentException("kafka must be set");
        }
        if (topics == null || stateDir == null) {
            throw new IllegalArgumentException("topics and stateDir must be set");
        }
        if (topN < 1) {
            throw new IllegalArgumentException("topN must be positive, found " + topN);
        }
        if (retainFinished == null || retainFinished.isNegative()) {
            throw new IllegalArgumentException("retainFinished must be zero or more, found " + retainFinished);
        }
        if (heartbeat == null || heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("heartbeat must be positive, found " + heartbeat);
        }
        if (fleetSlots < 0) {
            throw new IllegalArgumentException("fleetSlots must be positive (or 0: announced), found " + fleetSlots);
        }
        if (instanceId != null) {
            try {
                MemberId.check(instanceId);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("instanceId " + e.getMessage(), e);
            }
        }
    }

    /** An aggregator on a broker that needs no client properties. */
    public AggregatorConfig(String bootstrap, Topics topics, Path stateDir, int topN, Duration startTimeout) {
        this(KafkaConnection.of(bootstrap), topics, stateDir, topN, startTimeout);
    }

    /** The same, sharing a fleet of {@code slots} ({@link #ANNOUNCED_FLEET}: the workers' announced slots). */
    public AggregatorConfig withFleetSlots(int slots) {
        return new AggregatorConfig(kafka, topics, stateDir, topN, startTimeout, instanceId, slots, retainFinished, heartbeat);
    }

    /** The same, forgetting finished searches {@code retention} after they ended. */
    public AggregatorConfig withRetainFinished(Duration retention) {
        return new AggregatorConfig(kafka, topics, stateDir, topN, startTimeout, instanceId, fleetSlots, retention, heartbeat);
    }

    /** The same, publishing each unfinished search's leaderboard every {@code every} though nothing changed. */
    public AggregatorConfig withHeartbeat(Duration every) {
        return new AggregatorConfig(kafka, topics, stateDir, topN, startTimeout, instanceId, fleetSlots, retainFinished,
                every);
    }

    public String applicationId() {
        return topics.prefix() + "aggregator";
    }
}
