package dev.trialstream.aggregator.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.kafka.KafkaConnection;
import dev.trialstream.kafka.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** What Kafka Streams' clients are configured with: the connection's security, and read_committed. */
class AggregatorPropertiesTest {

    private static final Map<String, String> SECURITY = Map.of("security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", "org.apache.kafka.common.security.scram."
                    + "ScramLoginModule required username=\"aggregator\" password=\"p\";");

    private final StreamsConfig config = new StreamsConfig(AggregatorApp.properties(new AggregatorConfig(
            new KafkaConnection("k:9093", SECURITY), Topics.withDefaultPrefix(), Path.of("state"), 20,
            Duration.ofMinutes(1))));

    @Test
    void everyStreamsClient_getsTheConnectionsProperties() {
        Map<String, Object> consumer = config.getMainConsumerConfigs("trialstream.aggregator", "c", 0);
        Map<String, Object> producer = config.getProducerConfigs("p");
        Map<String, Object> admin = config.getAdminConfigs("a");

        for (Map<String, Object> client : java.util.List.of(consumer, producer, admin)) {
            assertThat(client).containsAllEntriesOf(SECURITY);
        }
    }

    /** Workers and the aggregator must never see a submit's open or aborted transaction. */
    @Test
    void inputs_areReadCommitted() {
        assertThat(config.getMainConsumerConfigs("trialstream.aggregator", "c", 0))
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        assertThat(config.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    }
}
