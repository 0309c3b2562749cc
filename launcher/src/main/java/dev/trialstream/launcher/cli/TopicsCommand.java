package dev.trialstream.launcher.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import dev.trialstream.producer.cli.BrokerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code trialstream topics}: create (or raise) the topics once, e.g. as a deployment's first step. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = {"Create every trialstream topic that is missing and raise the trials partitions if asked",
                "for more (never lowers them). Idempotent; workers and the aggregator do the same at start."})
public final class TopicsCommand implements Callable<Integer> {

    @Mixin
    private BrokerOptions broker = new BrokerOptions();

    @Option(names = "--timeout", defaultValue = "60", paramLabel = "SECONDS",
            description = "how long to wait for the broker (default ${DEFAULT-VALUE}; a starting cluster takes a while)")
    private int timeout;

    @Mixin
    private TopicOptions topicOptions = new TopicOptions();

    @Override
    public Integer call() {
        topicOptions.ensure(broker.connection(), broker.topics(), Duration.ofSeconds(timeout));
        return 0;
    }
}
