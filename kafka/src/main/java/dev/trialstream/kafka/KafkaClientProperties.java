package dev.trialstream.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Kafka client properties from a properties file (the role of the Kafka tools'
 * {@code --command-config}) and from environment variables, so that a Kubernetes Secret can carry
 * them either way. {@code TRIALSTREAM_KAFKA_SASL_JAAS_CONFIG} is {@code sasl.jaas.config}: the
 * prefix dropped, lower case, {@code _} read as {@code .}. A variable wins over the file.
 *
 * <p>Errors name the file or the variable, never a value.
 */
public final class KafkaClientProperties {

    public static final String ENV_PREFIX = "TRIALSTREAM_KAFKA_";
    private static final Logger LOG = LoggerFactory.getLogger(KafkaClientProperties.class);
    /** A command reads its properties for every client it makes: each warning is said once. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private KafkaClientProperties() {
    }

    /**
     * @param file a properties file, or null for none
     * @param env  the environment ({@code System.getenv()}); only {@link #ENV_PREFIX} variables count
     * @throws NoSuchFileException when the file does not exist
     * @throws IllegalArgumentException when a property is one trialstream sets itself, has a value its
     *                                  client would refuse, or asks for SASL without a login
     *                                  ({@link ClientPropertyCheck}; a key no client knows is a warning)
     */
    public static KafkaConnection connection(String bootstrap, Path file, Map<String, String> env)
            throws IOException {
        Map<String, String> properties = new TreeMap<>();
        Map<String, String> sources = new TreeMap<>();
        if (file != null) {
            fromFile(file).forEach((key, value) -> {
                properties.put(key, value);
                sources.put(key, file.toString());
            });
        }
        fromEnvironment(env).forEach((key, value) -> {
            properties.put(key, value);
            sources.put(key, ENV_PREFIX + key.replace('.', '_').toUpperCase(Locale.ROOT));
        });
        ClientPropertyCheck.check(properties, sources).forEach(KafkaClientProperties::warnOnce);
        try {
            return new KafkaConnection(bootstrap, properties);
        } catch (IllegalArgumentException e) {
            // Say where each offending key came from (in key order); keys and sources only, no values.
            Map<String, String> offending = new TreeMap<>(sources);
            offending.keySet().retainAll(KafkaConnection.RESERVED);
            throw new IllegalArgumentException(e.getMessage() + " (set in " + String.join(", ",
                    new java.util.LinkedHashSet<>(offending.values())) + ")", e);
        }
    }

    private static void warnOnce(String warning) {
        if (WARNED.add(warning)) {
            LOG.warn(warning);
        }
    }

    /** The properties of a file, trimmed; blank keys are dropped. */
    static Map<String, String> fromFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        Properties loaded = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            loaded.load(reader);
        }
        Map<String, String> properties = new TreeMap<>();
        loaded.stringPropertyNames().forEach(key -> properties.put(key.trim(), loaded.getProperty(key).trim()));
        properties.remove("");
        return properties;
    }

    /** The {@link #ENV_PREFIX} variables as client properties. */
    static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> properties = new TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                properties.put(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return properties;
    }
}
