package dev.trialstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientPropertiesTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"alice\" password=\"s3cret\";";

    @TempDir
    Path dir;

    private Path file(String text) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void file_givesEveryClientItsProperties() throws Exception {
        Path file = file("""
                # as for kafka-topics --command-config
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                sasl.jaas.config=%s
                request.timeout.ms = 20000
                """.formatted(JAAS.replace("\"", "\\\"")));

        KafkaConnection kafka = KafkaClientProperties.connection("k:9092", file, Map.of());

        assertThat(kafka.properties()).containsOnly(Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.mechanism", "SCRAM-SHA-512"), Map.entry("sasl.jaas.config", JAAS),
                Map.entry("request.timeout.ms", "20000"));
        assertThat(ClientConfigs.producer(kafka, "p")).containsEntry("sasl.jaas.config", JAAS)
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "k:9092")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        assertThat(ClientConfigs.consumer(kafka, "c", "g")).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .containsEntry("request.timeout.ms", "20000");
        assertThat(BoundedAdmin.config(kafka, java.time.Duration.ofSeconds(5), "a"))
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    }

    @Test
    void environment_mapsTrialstreamKafkaVariablesToPropertiesAndWinsOverTheFile() throws Exception {
        Path file = file("security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\n");
        Map<String, String> env = Map.of("TRIALSTREAM_KAFKA_SASL_JAAS_CONFIG", JAAS,
                "TRIALSTREAM_KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "TRIALSTREAM_JAVA_OPTS", "-Xmx1g",
                "KAFKA_HEAP_OPTS", "-Xmx2g", "TRIALSTREAM_KAFKA_", "ignored");

        KafkaConnection kafka = KafkaClientProperties.connection("k:9092", file, env);

        assertThat(kafka.properties()).containsOnly(Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.mechanism", "SCRAM-SHA-512"), Map.entry("sasl.jaas.config", JAAS));
    }

    @Test
    void noFileAndNoVariables_isAPlainConnection() throws Exception {
        assertThat(KafkaClientProperties.connection("k:9092", null, Map.of("PATH", "/bin")))
                .isEqualTo(KafkaConnection.of("k:9092"));
    }

    @Test
    void missingFile_isNamed() {
        Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() -> KafkaClientProperties.connection("k:9092", missing, Map.of()))
                .isInstanceOf(NoSuchFileException.class).hasMessage(missing.toString());
    }

    @Test
    void reservedKey_isRefusedNamingKeyAndSourceButNotTheValue() throws Exception {
        Path file = file("isolation.level=read_uncommitted\nsasl.jaas.config=" + JAAS + "\n");

        assertThatThrownBy(() -> KafkaClientProperties.connection("k:9092", file,
                Map.of("TRIALSTREAM_KAFKA_ENABLE_IDEMPOTENCE", "false")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Kafka client properties must not set enable.idempotence, isolation.level: trialstream "
                        + "sets them itself (set in TRIALSTREAM_KAFKA_ENABLE_IDEMPOTENCE, " + file + ")");
        assertThatThrownBy(() -> KafkaClientProperties.connection("k:9092", null,
                Map.of("TRIALSTREAM_KAFKA_BOOTSTRAP_SERVERS", "other:9092")))
                .hasMessage("Kafka client properties must not set bootstrap.servers: trialstream sets it itself "
                        + "(use --bootstrap) (set in TRIALSTREAM_KAFKA_BOOTSTRAP_SERVERS)");
    }

    @Test
    void toString_namesKeysButNeverValues() {
        KafkaConnection kafka = new KafkaConnection("k:9092", Map.of("sasl.jaas.config", JAAS,
                "ssl.truststore.password", "tr0ub4dor"));

        assertThat(kafka.toString())
                .isEqualTo("KafkaConnection[bootstrap=k:9092, properties=[sasl.jaas.config, ssl.truststore.password]]");
    }
}
