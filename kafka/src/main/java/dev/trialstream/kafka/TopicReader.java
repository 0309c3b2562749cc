package dev.trialstream.kafka;

import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.MessageCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a whole topic (every partition, read_committed, from the start) and decodes it: what the
 * pipeline tests use to see what was really published.
 */
public final class TopicReader {

    private final String bootstrap;
    private final MessageCodec codec;

    public TopicReader(String bootstrap, MessageCodec codec) {
        this.bootstrap = bootstrap;
        this.codec = codec;
    }

    /** Reads until {@code done} holds for what was read (or {@code wait} passes), then {@code settle} longer. */
    public List<Message> readUntil(String topic, Predicate<List<Message>> done, Duration wait, Duration settle) {
        List<Message> messages = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            fromStart(consumer, topic);
            long deadline = System.nanoTime() + wait.toNanos();
            while (!done.test(messages) && System.nanoTime() < deadline) {
                poll(consumer, messages);
            }
            long settled = System.nanoTime() + settle.toNanos();
            while (System.nanoTime() < settled) {
                poll(consumer, messages);
            }
        }
        return messages;
    }

    /** Everything in the topic now: reads up to the end offsets taken at the start. */
    public List<Message> readAll(String topic, Duration wait) {
        List<Message> messages = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            PartitionScan scan = new PartitionScan(consumer, wait);
            scan.scan(scan.partitions(topic), record -> messages.add(codec.decode(record.value(), Message.class)));
        }
        return messages;
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(ClientConfigs.consumer(bootstrap, "topic-reader", null));
    }

    /** Assigns every partition of the topic, positioned at the beginning; returns them. */
    private static List<TopicPartition> fromStart(KafkaConsumer<String, byte[]> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return partitions;
    }

    private void poll(KafkaConsumer<String, byte[]> consumer, List<Message> into) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
            into.add(codec.decode(record.value(), Message.class));
        }
    }
}
