package dev.trialstream.producer.cli;

import dev.trialstream.kafka.Topics;
import picocli.CommandLine.Option;

/** Which Kafka and which topics: the options of every command that talks to the broker. */
public class BrokerOptions {

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers")
    String bootstrap;

    @Option(names = "--topic-prefix", defaultValue = Topics.DEFAULT_PREFIX, paramLabel = "PREFIX",
            description = "prefix of every trialstream topic (default ${DEFAULT-VALUE})")
    String prefix;

    public String bootstrap() {
        return bootstrap;
    }

    public Topics topics() {
        return new Topics(prefix);
    }
}
