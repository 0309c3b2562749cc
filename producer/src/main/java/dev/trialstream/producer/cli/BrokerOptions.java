package dev.trialstream.producer.cli;

import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.kafka.ClientConfigs;
import dev.trialstream.kafka.KafkaAdminException;
import dev.trialstream.kafka.KafkaClientProperties;
import dev.trialstream.kafka.KafkaConnection;
import dev.trialstream.kafka.KafkaErrors;
import dev.trialstream.kafka.KeyedReader;
import dev.trialstream.kafka.TopicBootstrap;
import dev.trialstream.kafka.TopicLayout;
import dev.trialstream.kafka.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Which Kafka, which topics, and how long to wait for it: the options of every command that talks
 * to a broker, and the one place where those commands' Kafka client settings are built.
 */
public final class BrokerOptions {

    /** One default for every command: long enough for a starting broker, short enough for a typo. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 30;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    private String bootstrap;
    private int timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;

    @Option(names = "--topic-prefix", defaultValue = Topics.DEFAULT_PREFIX, paramLabel = "PREFIX",
            description = "prefix of every trialstream topic (default ${DEFAULT-VALUE})")
    private String prefix;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = {"Kafka client properties (security.protocol, sasl.*, ssl.*, ...) for every client of this "
                    + "command, as the Kafka tools' --command-config; TRIALSTREAM_KAFKA_* variables add to it and win "
                    + "(TRIALSTREAM_KAFKA_SASL_JAAS_CONFIG is sasl.jaas.config)"})
    private Path kafkaConfig;

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "Kafka bootstrap servers")
    void bootstrap(String value) {
        bootstrap = OptionChecks.check(mixee, "--bootstrap", () -> BootstrapServers.check(value));
    }

    @Option(names = "--timeout", defaultValue = "" + DEFAULT_TIMEOUT_SECONDS, paramLabel = "SECONDS",
            description = "give up on a broker that does not answer after this long (default ${DEFAULT-VALUE})")
    void timeoutSeconds(int value) {
        timeoutSeconds = OptionChecks.between(mixee, "--timeout", value, 1, 86_400);
    }

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

    public Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds);
    }

    /** Settings of a consumer outside any group, for reading topics as they are. */
    public Map<String, Object> consumerConfig(String clientId) {
        Map<String, Object> config = ClientConfigs.consumer(connection(), clientId, null);
        // Every blocking call (metadata, offsets) gives up with the command's --timeout.
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis());
        return config;
    }

    /** Settings of an idempotent producer. */
    public Map<String, Object> producerConfig(String clientId) {
        Map<String, Object> config = ClientConfigs.producer(connection(), clientId);
        // A send to an unreachable broker fails after --timeout instead of the client's default.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis());
        return config;
    }

    public KafkaConsumer<String, byte[]> consumer(String clientId) {
        return new KafkaConsumer<>(consumerConfig(clientId));
    }

    public KafkaProducer<String, byte[]> producer(String clientId) {
        return new KafkaProducer<>(producerConfig(clientId));
    }

    /** Creates missing topics (and raises the trials partitions) with this broker's timeout. */
    public void ensureTopics(TopicLayout layout) {
        try (TopicBootstrap bootstrapper = new TopicBootstrap(connection(), topics(), layout, timeout(), "--bootstrap")) {
            bootstrapper.ensureTopics();
        }
    }

    /** A search's latest leaderboard snapshot from the compacted topic; empty for an unknown search. */
    public Optional<LeaderboardSnapshot> latestLeaderboard(String clientId, String searchId, MessageCodec codec) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(clientId)) {
            return bounded(() -> new KeyedReader(consumer, codec, timeout())
                    .latest(topics().leaderboard(), searchId, LeaderboardSnapshot.class));
        }
    }

    /**
     * Runs a client call, turning the client's timeout into an error that says which broker did not
     * answer, and a refused login or a missing ACL into one that says which.
     */
    public <T> T bounded(Supplier<T> call) {
        try {
            return call.get();
        } catch (TimeoutException e) {
            throw new KafkaAdminException("Kafka at " + bootstrap + " did not answer within " + timeoutSeconds
                    + " s: is a broker running there, and is --bootstrap right?", e);
        } catch (AuthenticationException | AuthorizationException e) {
            throw new KafkaAdminException(KafkaErrors.describe(e, bootstrap, "read"), e);
        }
    }

    private int millis() {
        return (int) Math.min(Integer.MAX_VALUE, timeout().toMillis());
    }
}
