package dev.trialstream.launcher.cli;

import java.util.concurrent.Callable;
import dev.trialstream.producer.cli.BrokerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code trialstream topics}: create (or raise) the topics once, e.g. as a deployment's first step. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = {"Create the trialstream topics that are missing, e.g. as a deployment's first step.",
                "Raises the trials partitions if asked for more (never lowers them). Idempotent; workers and "
                        + "the aggregator do the same at start."})
public final class TopicsCommand implements Callable<Integer> {

    @Mixin
    private BrokerOptions broker = new BrokerOptions();

    @Mixin
    private TopicOptions topicOptions = new TopicOptions();

    @Override
    public Integer call() {
        broker.ensureTopics(topicOptions.layout());
        return 0;
    }
}
