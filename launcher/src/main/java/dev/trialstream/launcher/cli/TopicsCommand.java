package dev.trialstream.launcher.cli;

import dev.trialstream.core.kafka.Topics;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code trialstream topics}: create (or raise) the topics once, e.g. as a deployment's first step. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = {"Create every trialstream topic that is missing and raise the trials partitions if asked",
                "for more (never lowers them). Idempotent; workers and the aggregator do the same at start."})
public final class TopicsCommand implements Callable<Integer> {

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers")
    private String bootstrap;

    @Option(names = "--topic-prefix", defaultValue = Topics.DEFAULT_PREFIX, paramLabel = "PREFIX",
            description = "prefix of every trialstream topic (default ${DEFAULT-VALUE})")
    private String prefix;

    @Option(names = "--timeout", defaultValue = "60", paramLabel = "SECONDS",
            description = "how long to wait for the broker (default ${DEFAULT-VALUE}; a starting cluster takes a while)")
    private int timeout;

    @Mixin
    private TopicOptions topicOptions = new TopicOptions();

    @Override
    public Integer call() {
        topicOptions.ensure(bootstrap, new Topics(prefix), Duration.ofSeconds(timeout));
        return 0;
    }
}
