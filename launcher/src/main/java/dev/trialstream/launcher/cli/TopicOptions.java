package dev.trialstream.launcher.cli;

import dev.trialstream.kafka.KafkaConnection;
import dev.trialstream.kafka.TopicBootstrap;
import dev.trialstream.kafka.TopicLayout;
import dev.trialstream.kafka.Topics;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Topic sizing options for the processes that create topics at start (worker, aggregator, local). */
final class TopicOptions {

    @Option(names = "--partitions", defaultValue = "3", paramLabel = "N",
            description = "partitions of the keyed-by-search topics (searches, events, ...) when created (default ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--trial-partitions", defaultValue = "8", paramLabel = "N",
            description = "partitions of the trials topic: the most trials that can run at once; raised (never lowered) "
                    + "on an existing topic (default ${DEFAULT-VALUE})")
    int trialPartitions;

    @Option(names = "--replication", defaultValue = "-1", paramLabel = "N",
            description = "replication factor of created topics; -1 = the broker's default")
    short replication;

    /** Creates missing topics and raises the trials partitions if asked for more. */
    void ensure(KafkaConnection kafka, Topics topics, Duration timeout) {
        TopicLayout layout = new TopicLayout(partitions, trialPartitions, replication);
        try (TopicBootstrap bootstrapper = new TopicBootstrap(kafka, topics, layout, timeout)) {
            bootstrapper.ensureTopics(); // also raises the trials partitions to the layout's count
        }
    }
}
