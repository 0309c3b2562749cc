package dev.trialstream.aggregator.streams;

import dev.trialstream.kafka.Topics;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the aggregator runs.
 *
 * @param stateDir where RocksDB keeps the store; losing it loses nothing (the changelog restores it)
 * @param topN     completed trials ranked in each snapshot
 */
public record AggregatorConfig(String bootstrap, Topics topics, Path stateDir, int topN,
                               Duration startTimeout) {

    public AggregatorConfig {
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException("bootstrap must be set");
        }
        if (topics == null || stateDir == null) {
            throw new IllegalArgumentException("topics and stateDir must be set");
        }
        if (topN < 1) {
            throw new IllegalArgumentException("topN must be positive, found " + topN);
        }
    }

    public String applicationId() {
        return topics.prefix() + "aggregator";
    }
}
