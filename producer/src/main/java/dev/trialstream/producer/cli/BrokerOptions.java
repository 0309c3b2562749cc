package dev.trialstream.producer.cli;

import dev.trialstream.kafka.KafkaClientProperties;
import dev.trialstream.kafka.KafkaConnection;
import dev.trialstream.kafka.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which Kafka and which topics: the options of every command that talks to the broker. */
public class BrokerOptions {

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers")
    String bootstrap;

    @Option(names = "--topic-prefix", defaultValue = Topics.DEFAULT_PREFIX, paramLabel = "PREFIX",
            description = "prefix of every trialstream topic (default ${DEFAULT-VALUE})")
    String prefix;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = {"Kafka client properties (security.protocol, sasl.*, ssl.*, ...) for every client of this "
                    + "command, as the Kafka tools' --command-config; TRIALSTREAM_KAFKA_* variables add to it and win "
                    + "(TRIALSTREAM_KAFKA_SASL_JAAS_CONFIG is sasl.jaas.config)"})
    Path kafkaConfig;

    public String bootstrap() {
        return bootstrap;
    }

    /**
     * The broker and the client properties of {@code --kafka-config} and the TRIALSTREAM_KAFKA_*
     * environment variables. A missing file or a property trialstream sets itself is bad input.
     */
    public KafkaConnection connection() {
        try {
            return KafkaClientProperties.connection(bootstrap, kafkaConfig, System.getenv());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--kafka-config: no such file: " + e.getFile(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read --kafka-config " + kafkaConfig + ": " + e.getMessage(), e);
        }
    }

    public Topics topics() {
        return new Topics(prefix);
    }
}
