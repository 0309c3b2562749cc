package dev.trialstream.kafka;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where Kafka is and the client properties every client of this process adds to its own settings:
 * security ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}) and any other tuning. The
 * producers, consumers, admin clients and Kafka Streams of a process all get the same properties.
 *
 * <p>Values may be secrets: {@link #toString()} names the keys only, and nothing in trialstream
 * prints the values. Keys that trialstream's guarantees rest on (serializers, idempotence,
 * isolation, transactional and group ids) are refused, so a properties file cannot quietly turn
 * exactly-once off.
 *
 * @param bootstrap  {@code bootstrap.servers}
 * @param properties client properties, possibly secret; none of {@link #RESERVED}
 */
public record KafkaConnection(String bootstrap, Map<String, String> properties) {

    /** Set by trialstream itself, per client; a properties file may not change them. */
    public static final Set<String> RESERVED = Set.of(
            "bootstrap.servers", "client.id", "key.serializer", "value.serializer", "key.deserializer",
            "value.deserializer", "enable.idempotence", "acks", "transactional.id", "isolation.level",
            "enable.auto.commit", "group.id", "group.instance.id", "application.id", "processing.guarantee");

    public KafkaConnection {
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException("bootstrap must be set");
        }
        if (properties == null) {
            throw new IllegalArgumentException("properties must be set (empty for none)");
        }
        Set<String> reserved = new TreeSet<>(properties.keySet());
        reserved.retainAll(RESERVED);
        if (!reserved.isEmpty()) {
            throw new IllegalArgumentException("Kafka client properties must not set " + String.join(", ", reserved)
                    + ": trialstream sets " + (reserved.size() == 1 ? "it" : "them") + " itself"
                    + (reserved.contains("bootstrap.servers") ? " (use --bootstrap)" : ""));
        }
        properties = Map.copyOf(properties);
    }

    /** A connection with no client properties of its own: plaintext, the clients' defaults. */
    public static KafkaConnection of(String bootstrap) {
        return new KafkaConnection(bootstrap, Map.of());
    }

    /** {@code config} with this connection's properties added; they win over trialstream's tuning defaults. */
    Map<String, Object> applyTo(Map<String, Object> config) {
        config.putAll(properties);
        return config;
    }

    /** Names the property keys, never their values (they may be passwords). */
    @Override
    public String toString() {
        return "KafkaConnection[bootstrap=" + bootstrap + ", properties=" + new TreeMap<>(properties).keySet() + "]";
    }
}
