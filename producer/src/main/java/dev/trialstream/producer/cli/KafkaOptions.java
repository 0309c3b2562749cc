package dev.trialstream.producer.cli;

import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.kafka.KeyedReader;
import dev.trialstream.producer.kafka.KafkaCalls;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How to reach Kafka from a one-shot command: the broker options and a timeout for an unreachable one. */
public final class KafkaOptions extends BrokerOptions {

    @Option(names = "--timeout", defaultValue = "15", paramLabel = "SECONDS",
            description = "give up on an unreachable broker after this long (default ${DEFAULT-VALUE})")
    int timeoutSeconds;

    /** A consumer outside any group, for reading topics as they are. */
    public org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]> consumer(String clientId) {
        return new org.apache.kafka.clients.consumer.KafkaConsumer<>(
                dev.trialstream.kafka.ClientConfigs.consumer(connection(), clientId, null));
    }

    /** An idempotent producer. */
    public org.apache.kafka.clients.producer.KafkaProducer<String, byte[]> producer(String clientId) {
        return new org.apache.kafka.clients.producer.KafkaProducer<>(
                dev.trialstream.kafka.ClientConfigs.producer(connection(), clientId));
    }

    /** A search's latest leaderboard snapshot from the compacted topic; empty for an unknown search. */
    public Optional<LeaderboardSnapshot> latestLeaderboard(String clientId, String searchId, MessageCodec codec) {
        try (var consumer = consumer(clientId)) {
            return KafkaCalls.bounded(this, () -> new KeyedReader(consumer, codec, timeout())
                    .latest(topics().leaderboard(), searchId, LeaderboardSnapshot.class));
        }
    }

    public Duration timeout() {
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("--timeout must be positive, found " + timeoutSeconds);
        }
        return Duration.ofSeconds(timeoutSeconds);
    }
}
