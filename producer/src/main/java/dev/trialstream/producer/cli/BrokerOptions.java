package dev.trialstream.producer.cli;

import dev.trialstream.kafka.KafkaClientProperties;
import dev.trialstream.kafka.KafkaConnection;
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

    /** The broker and the client properties of the TRIALSTREAM_KAFKA_* environment variables. */
    public KafkaConnection connection() {
        try {
            return KafkaClientProperties.connection(bootstrap, null, System.getenv());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public Topics topics() {
        return new Topics(prefix);
    }
}
