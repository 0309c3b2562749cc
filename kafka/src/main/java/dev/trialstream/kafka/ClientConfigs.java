package dev.trialstream.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The client settings every trialstream process shares. Keys are strings, values the codec's JSON
 * bytes (decoded by the application, so a bad record can be dead-lettered instead of failing poll).
 * Each non-default says why. The connection's own properties (security, tuning) are added last:
 * they may change a default here, never a setting a guarantee rests on ({@link KafkaConnection#RESERVED}).
 */
public final class ClientConfigs {

    /**
     * How long a transactional producer's transaction may stay open before its coordinator aborts
     * it. A trial's transaction is only the terminal event and the offset: short is enough, and a
     * dead worker's open transaction then blocks read_committed readers for at most this long.
     */
    public static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(30);

    private ClientConfigs() {
    }

    /** The start of every worker slot's transactional id ({@link #workerTransactionalId}). */
    public static String workerTransactionalIdPrefix(Topics topics) {
        return topics.prefix() + "worker-";
    }

    /** A worker slot's transactional id: stable per slot, so a restarted slot fences its own zombie predecessor. */
    public static String workerTransactionalId(Topics topics, String workerId, int slot) {
        return workerTransactionalIdPrefix(topics) + workerId + "-" + slot;
    }

    /** An idempotent producer for plain sends (progress events, uploads), without client properties. */
    public static Map<String, Object> producer(String bootstrap, String clientId) {
        return producer(KafkaConnection.of(bootstrap), clientId);
    }

    /** An idempotent producer for plain sends (progress events, uploads). */
    public static Map<String, Object> producer(KafkaConnection connection, String clientId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrap());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        // Explicit although default: retries must never reorder or duplicate a search's events.
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // An unreachable broker must fail a send within seconds, not block the CLI for a minute.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        // Progress events are tiny and frequent; a few ms of batching costs nothing visible.
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return connection.applyTo(config);
    }

    /** {@link #transactionalProducer(KafkaConnection, String, String)} without client properties. */
    public static Map<String, Object> transactionalProducer(String bootstrap, String clientId, String transactionalId) {
        return transactionalProducer(KafkaConnection.of(bootstrap), clientId, transactionalId);
    }

    /** A transactional producer: terminal events and offset commits land together or not at all. */
    public static Map<String, Object> transactionalProducer(KafkaConnection connection, String clientId,
                                                            String transactionalId) {
        Map<String, Object> config = producer(connection, clientId);
        // Stable per worker slot, so a restarted slot fences its own zombie predecessor.
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) TRANSACTION_TIMEOUT.toMillis());
        return config;
    }

    /** {@link #consumer(KafkaConnection, String, String)} without client properties. */
    public static Map<String, Object> consumer(String bootstrap, String clientId, String groupId) {
        return consumer(KafkaConnection.of(bootstrap), clientId, groupId);
    }

    /** A consumer that sees only committed records and commits offsets itself. */
    public static Map<String, Object> consumer(KafkaConnection connection, String clientId, String groupId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrap());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        if (groupId != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        // Raw bytes: decoding in the application lets a poison record go to dead-letters.
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        // Offsets are committed with the results, in the same transaction.
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Never act on an aborted trial result or a half-written transaction.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Bounded metadata waits so a missing broker is reported, not waited on forever.
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        // Reading a topic that does not exist yet (status before the first submit) must not make it:
        // a broker's default auto.create.topics.enable=true would, with the broker's defaults
        // (delete, not compact; one partition), and TopicBootstrap leaves an existing topic as it is.
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return connection.applyTo(config);
    }
}
