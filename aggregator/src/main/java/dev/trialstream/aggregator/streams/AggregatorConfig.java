package dev.trialstream.aggregator.streams;

import dev.trialstream.core.kafka.Topics;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the aggregator runs.
 *
 * @param stateDir where RocksDB keeps the store; losing it loses nothing (the changelog restores it)
 * @param httpPort the leaderboard/health endpoint's port; 0 = any free port; -1 = no endpoint
 * @param topN     completed trials ranked in each snapshot
 */
public record AggregatorConfig(String bootstrap, Topics topics, Path stateDir, int httpPort, int topN,
                               Duration startTimeout) {

    public AggregatorConfig {
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException("bootstrap must be set");
        }
        if (topics == null || stateDir == null) {
            throw new IllegalArgumentException("topics and stateDir must be set");
        }
        if (httpPort < -1 || httpPort > 65_535) {
            throw new IllegalArgumentException("httpPort must be -1 (off), 0 (any) or a port, found " + httpPort);
        }
        if (topN < 1) {
            throw new IllegalArgumentException("topN must be positive, found " + topN);
        }
    }

    public String applicationId() {
        return topics.prefix() + "aggregator";
    }
}
