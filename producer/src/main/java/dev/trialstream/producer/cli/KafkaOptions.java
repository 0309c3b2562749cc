package dev.trialstream.producer.cli;

import dev.trialstream.core.kafka.Topics;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How to reach Kafka: the options every Kafka-facing command shares. */
public final class KafkaOptions {

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers")
    String bootstrap;

    @Option(names = "--topic-prefix", defaultValue = Topics.DEFAULT_PREFIX, paramLabel = "PREFIX",
            description = "prefix of every trialstream topic (default ${DEFAULT-VALUE})")
    String prefix;

    @Option(names = "--timeout", defaultValue = "15", paramLabel = "SECONDS",
            description = "give up on an unreachable broker after this long (default ${DEFAULT-VALUE})")
    int timeoutSeconds;

    public String bootstrap() {
        return bootstrap;
    }

    public Topics topics() {
        return new Topics(prefix);
    }

    /** A consumer outside any group, for reading topics as they are. */
    public org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]> consumer(String clientId) {
        return new org.apache.kafka.clients.consumer.KafkaConsumer<>(
                dev.trialstream.core.kafka.ClientConfigs.consumer(bootstrap, clientId, null));
    }

    /** An idempotent producer. */
    public org.apache.kafka.clients.producer.KafkaProducer<String, byte[]> producer(String clientId) {
        return new org.apache.kafka.clients.producer.KafkaProducer<>(
                dev.trialstream.core.kafka.ClientConfigs.producer(bootstrap, clientId));
    }

    public Duration timeout() {
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("--timeout must be positive, found " + timeoutSeconds);
        }
        return Duration.ofSeconds(timeoutSeconds);
    }
}
