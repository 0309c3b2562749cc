package dev.trialstream.launcher.cli;

import dev.trialstream.kafka.TopicLayout;
import picocli.CommandLine.Option;

/** Topic sizing options for the processes that create topics at start (worker, aggregator, local). */
final class TopicOptions {

    @Option(names = "--partitions", defaultValue = "3", paramLabel = "N",
            description = "partitions of the keyed-by-search topics (searches, events, ...) when created (default ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--trial-partitions", paramLabel = "N",
            description = "partitions of the trials topic: the most trials that can run at once; given, an existing "
                    + "topic with fewer is raised (never lowered); not given, a new topic gets 8 and an existing one "
                    + "is left as it is")
    Integer trialPartitions;

    @Option(names = "--replication", defaultValue = "-1", paramLabel = "N",
            description = "replication factor of created topics; -1 = the broker's default")
    short replication;

    /** The layout to create missing topics with (and to raise the trials partitions to). */
    TopicLayout layout() {
        return trialPartitions == null
                ? new TopicLayout(partitions, TopicLayout.DEFAULT_TRIAL_PARTITIONS, replication, false)
                : new TopicLayout(partitions, trialPartitions, replication, true);
    }
}
