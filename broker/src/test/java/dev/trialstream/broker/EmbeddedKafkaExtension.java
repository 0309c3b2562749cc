package dev.trialstream.broker;

import dev.trialstream.kafka.ClientConfigs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link EmbeddedKafka} for a test class: started before its first test (and before the class's
 * own {@code @BeforeAll} methods), closed after its last (after its {@code @AfterAll} methods).
 * Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();
 * }</pre>
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, AfterAllCallback {

    private final Supplier<EmbeddedKafka> starter;
    private EmbeddedKafka kafka;
    /** The class that started the broker: a nested class shares it and does not close it. */
    private String startedBy;

    /** A broker with the default settings ({@link EmbeddedKafka#start()}). */
    public EmbeddedKafkaExtension() {
        this(EmbeddedKafka::start);
    }

    /** A broker that {@code starter} starts, e.g. {@code () -> EmbeddedKafka.startSecured(...)}. */
    public EmbeddedKafkaExtension(Supplier<EmbeddedKafka> starter) {
        this.starter = Objects.requireNonNull(starter, "starter");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (kafka == null) {
            kafka = starter.get();
            startedBy = context.getUniqueId();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (kafka != null && context.getUniqueId().equals(startedBy)) {
            try {
                kafka.close();
            } finally {
                kafka = null;
                startedBy = null;
            }
        }
    }

    /** The running broker. */
    public EmbeddedKafka get() {
        if (kafka == null) {
            throw new IllegalStateException("no broker: register the extension on a static field with @RegisterExtension");
        }
        return kafka;
    }

    /** {@link EmbeddedKafka#bootstrapServers()} of the running broker. */
    public String bootstrapServers() {
        return get().bootstrapServers();
    }

    /**
     * Every record of a topic a reader with this isolation level can read, up to the end offsets
     * it is given (for read_committed, the last stable offset: an open transaction's first record).
     *
     * @throws IllegalStateException if they are not all read within {@code wait}
     */
    public List<ConsumerRecord<String, byte[]>> records(String topic, String isolation, Duration wait) {
        Map<String, Object> config = ClientConfigs.consumer(bootstrapServers(), "test-" + isolation, null);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + wait.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not read " + topic + " up to " + end + " within " + wait);
                }
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }
}
