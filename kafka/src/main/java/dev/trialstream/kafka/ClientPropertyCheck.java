package dev.trialstream.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Checks client properties (from {@code --kafka-config} and the environment) against the Kafka
 * clients' own definitions before any client is made, so that a bad one is named with where it was
 * set rather than met later as "cannot reach Kafka": a value its client would refuse and SASL
 * without a login are errors; a key no client knows (a typo) is a warning, as Kafka's own is.
 *
 * <p>The aggregator hands the same properties to Kafka Streams, so Streams' own settings
 * ({@code num.stream.threads}) and its per-client prefixes ({@code producer.linger.ms},
 * {@code main.consumer.fetch.max.wait.ms}) are known too and checked alike; {@code topic.} settings
 * go to the brokers as they are.
 */
final class ClientPropertyCheck {

    private static final ConfigDef ADMIN = AdminClientConfig.configDef();
    private static final ConfigDef PRODUCER = ProducerConfig.configDef();
    private static final ConfigDef CONSUMER = ConsumerConfig.configDef();
    private static final List<ConfigDef> CLIENTS = List.of(ADMIN, PRODUCER, CONSUMER, StreamsConfig.configDef());
    /** Streams' prefixes for one kind of its clients, each with that client's definition. */
    private static final Map<String, ConfigDef> PREFIXES = Map.of(
            StreamsConfig.MAIN_CONSUMER_PREFIX, CONSUMER, StreamsConfig.RESTORE_CONSUMER_PREFIX, CONSUMER,
            StreamsConfig.GLOBAL_CONSUMER_PREFIX, CONSUMER, StreamsConfig.CONSUMER_PREFIX, CONSUMER,
            StreamsConfig.PRODUCER_PREFIX, PRODUCER, StreamsConfig.ADMIN_CLIENT_PREFIX, ADMIN);

    private ClientPropertyCheck() {
    }

    /**
     * @param sources where each key was set (a file, an environment variable)
     * @return a warning per key no Kafka client knows
     * @throws IllegalArgumentException for a value its client would refuse, or SASL without a login
     */
    static List<String> check(Map<String, String> properties, Map<String, String> sources) {
        List<String> warnings = new ArrayList<>();
        properties.forEach((key, value) -> {
            if (key.startsWith(StreamsConfig.TOPIC_PREFIX) && key.length() > StreamsConfig.TOPIC_PREFIX.length()) {
                return;
            }
            Optional<ConfigDef.ConfigKey> known = definition(key);
            if (known.isEmpty()) {
                warnings.add(key + " (set in " + sources.get(key) + ") is not a Kafka client or Streams property"
                        + nearest(key).map(k -> " (did you mean " + k + "?)").orElse("")
                        + "; it is passed on, but no client reads it");
                return;
            }
            try {
                Object parsed = ConfigDef.parseType(key, value, known.get().type);
                if (known.get().validator != null) {
                    known.get().validator.ensureValid(key, parsed);
                }
            } catch (ConfigException e) {
                throw new IllegalArgumentException(e.getMessage() + " (set in " + sources.get(key) + ")", e);
            }
        });
        String protocol = properties.getOrDefault("security.protocol", "");
        if (protocol.toUpperCase(java.util.Locale.ROOT).startsWith("SASL_") && !properties.containsKey("sasl.jaas.config")
                && System.getProperty("java.security.auth.login.config") == null) {
            throw new IllegalArgumentException("security.protocol=" + protocol + " (set in "
                    + sources.get("security.protocol") + ") needs a login: set sasl.jaas.config (in --kafka-config, or "
                    + KafkaClientProperties.ENV_PREFIX + "SASL_JAAS_CONFIG)");
        }
        return warnings;
    }

    private static Optional<ConfigDef.ConfigKey> definition(String key) {
        Optional<ConfigDef.ConfigKey> plain = CLIENTS.stream().map(def -> def.configKeys().get(key))
                .filter(java.util.Objects::nonNull).findFirst();
        if (plain.isPresent()) {
            return plain;
        }
        return PREFIXES.entrySet().stream().filter(prefix -> key.startsWith(prefix.getKey()))
                .map(prefix -> prefix.getValue().configKeys().get(key.substring(prefix.getKey().length())))
                .filter(java.util.Objects::nonNull).findFirst();
    }

    /** The known key at most two edits away, if any. */
    private static Optional<String> nearest(String key) {
        return CLIENTS.stream().flatMap(def -> def.names().stream()).distinct()
                .map(name -> Map.entry(name, distance(key, name))).filter(e -> e.getValue() <= 2)
                .min(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey);
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
