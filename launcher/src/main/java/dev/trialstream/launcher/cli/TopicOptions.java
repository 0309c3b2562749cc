package dev.trialstream.launcher.cli;

import dev.trialstream.kafka.TopicLayout;
import dev.trialstream.producer.cli.OptionChecks;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Topic sizing options for the processes that create topics at start (worker, aggregator, local).
 * Each value is checked while the command line is parsed, and a bad one is reported by its flag
 * before anything connects.
 */
final class TopicOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    int partitions;

    @Option(names = "--partitions", defaultValue = "3", paramLabel = "N",
            description = "partitions of the keyed-by-search topics (searches, events, ...) when created (default ${DEFAULT-VALUE})")
    void partitions(int value) {
        partitions = OptionChecks.between(mixee, "--partitions", value, 1, Integer.MAX_VALUE);
    }

    Integer trialPartitions;

    @Option(names = "--trial-partitions", paramLabel = "N",
            description = "partitions of the trials topic: the most trials that can run at once; given, an existing "
                    + "topic with fewer is raised (never lowered); not given, a new topic gets 8 and an existing one "
                    + "is left as it is")
    void trialPartitions(int value) {
        trialPartitions = OptionChecks.between(mixee, "--trial-partitions", value, 1, Integer.MAX_VALUE);
    }

    short replication;

    @Option(names = "--replication", defaultValue = "-1", paramLabel = "N",
            description = "replication factor of created topics; -1 = the broker's default")
    void replication(short value) {
        if (value != TopicLayout.BROKER_DEFAULT_REPLICATION && value < 1) {
            throw new ParameterException(mixee.commandLine(),
                    "--replication: must be at least 1, or -1 for the broker's default, found " + value);
        }
        replication = value;
    }

    /** The layout to create missing topics with (and to raise the trials partitions to). */
    TopicLayout layout() {
        return trialPartitions == null
                ? new TopicLayout(partitions, TopicLayout.DEFAULT_TRIAL_PARTITIONS, replication, false)
                : new TopicLayout(partitions, trialPartitions, replication, true);
    }
}
