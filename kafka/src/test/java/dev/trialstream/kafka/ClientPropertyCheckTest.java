package dev.trialstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientPropertyCheckTest {

    private static final String FILE = "/etc/trialstream/client.properties";

    @Test
    void aValueItsClientWouldRefuse_isNamedWithWhereItWasSet() {
        assertThatThrownBy(() -> check(Map.of("request.timeout.ms", "abc")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value abc for configuration request.timeout.ms: Not a number of type INT (set in "
                        + FILE + ")");
        assertThatThrownBy(() -> check(Map.of("security.protocol", "BOGUS")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid value BOGUS for configuration security.protocol")
                .hasMessageEndingWith("(set in " + FILE + ")");
    }

    @Test
    void saslWithoutALogin_isAnError() {
        assertThatThrownBy(() -> check(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("security.protocol=SASL_SSL (set in " + FILE + ") needs a login: set sasl.jaas.config (in "
                        + "--kafka-config, or TRIALSTREAM_KAFKA_SASL_JAAS_CONFIG)");
    }

    @Test
    void aKeyNoClientKnows_isAWarningWithTheNearestKnownKey() {
        assertThat(check(Map.of("sasl.mechanizm", "PLAIN", "security.protocol", "SSL", "frobnicate", "1")))
                .containsExactly("frobnicate (set in " + FILE + ") is not a Kafka client or Streams property; it is passed on, "
                                + "but no client reads it",
                        "sasl.mechanizm (set in " + FILE + ") is not a Kafka client or Streams property (did you mean "
                                + "sasl.mechanism?); it is passed on, but no client reads it");
    }

    @Test
    void streamsSettings_theAggregatorHandsToKafkaStreams_areKnownAndChecked() {
        assertThat(check(Map.of("num.stream.threads", "2", "producer.linger.ms", "5",
                "main.consumer.fetch.max.wait.ms", "100", "admin.retries", "3", "topic.min.insync.replicas", "2")))
                .isEmpty();
        assertThatThrownBy(() -> check(Map.of("num.stream.threads", "two")))
                .hasMessage("Invalid value two for configuration num.stream.threads: Not a number of type INT (set in "
                        + FILE + ")");
        assertThatThrownBy(() -> check(Map.of("producer.linger.ms", "soon")))
                .hasMessageStartingWith("Invalid value soon for configuration producer.linger.ms")
                .hasMessageEndingWith("(set in " + FILE + ")");
        assertThat(check(Map.of("producer.lingr.ms", "5"))).singleElement().asString()
                .startsWith("producer.lingr.ms (set in " + FILE + ") is not a Kafka client or Streams property");
    }

    @Test
    void goodProperties_passWithoutWarnings() {
        assertThat(check(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "request.timeout.ms", "20000", "ssl.truststore.location", "/t.jks"))).isEmpty();
    }

    private static java.util.List<String> check(Map<String, String> properties) {
        Map<String, String> sources = new java.util.TreeMap<>();
        properties.keySet().forEach(key -> sources.put(key, FILE));
        return ClientPropertyCheck.check(new java.util.TreeMap<>(properties), sources);
    }
}
