package dev.trialstream.aggregator.streams;

import dev.trialstream.kafka.KafkaConnection;
import dev.trialstream.kafka.Topics;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the aggregator runs.
 *
 * @param kafka    the broker and the client properties (security) Kafka Streams' clients get
 * @param stateDir where RocksDB keeps the store; losing it loses nothing (the changelog restores it)
 * @param topN     completed trials ranked in each snapshot
 */
public record AggregatorConfig(KafkaConnection kafka, Topics topics, Path stateDir, int topN,
                               Duration startTimeout) {

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
    }

    /** An aggregator on a broker that needs no client properties. */
    public AggregatorConfig(String bootstrap, Topics topics, Path stateDir, int topN, Duration startTimeout) {
        this(KafkaConnection.of(bootstrap), topics, stateDir, topN, startTimeout);
    }

    public String applicationId() {
        return topics.prefix() + "aggregator";
    }
}
