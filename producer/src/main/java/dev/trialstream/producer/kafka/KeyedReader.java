package dev.trialstream.producer.kafka;

import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.MessageDecodeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the latest value per key of a compacted, keyed topic (leaderboard, models) as it is now:
 * scans from the beginning to the current end offsets, keeping the last value seen for each key.
 * For one key it reads only the partition the default partitioner put that key in.
 */
public final class KeyedReader {

    private static final Logger LOG = LoggerFactory.getLogger(KeyedReader.class);

    private final Consumer<String, byte[]> consumer;
    private final MessageCodec codec;
    private final Duration timeout;

    public KeyedReader(Consumer<String, byte[]> consumer, MessageCodec codec, Duration timeout) {
        this.consumer = consumer;
        this.codec = codec;
        this.timeout = timeout;
    }

    /** The partition Kafka's default partitioner chooses for a key. */
    public static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** The latest message of the given type under {@code key}, if any. */
    public <T extends Message> Optional<T> latest(String topic, String key, Class<T> type) {
        int partitions = consumer.partitionsFor(topic, timeout).size();
        TopicPartition partition = new TopicPartition(topic, partitionOf(key, partitions));
        return Optional.ofNullable(scan(List.of(partition), type).get(key));
    }

    /** The latest message of the given type for every key of the topic, in first-seen order. */
    public <T extends Message> Map<String, T> all(String topic, Class<T> type) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic, timeout)) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        return scan(partitions, type);
    }

    private <T extends Message> Map<String, T> scan(List<TopicPartition> partitions, Class<T> type) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
        Map<String, T> latest = new LinkedHashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!reachedEnd(partitions, ends)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("reading " + partitions + " took longer than " + timeout.toSeconds() + " s");
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.key() == null || record.value() == null) {
                    continue;
                }
                try {
                    Message message = codec.decode(record.value(), Message.class);
                    if (type.isInstance(message)) {
                        latest.put(record.key(), type.cast(message));
                    }
                } catch (MessageDecodeException e) {
                    LOG.warn("skipping undecodable record {}-{}@{}: {}", record.topic(), record.partition(),
                            record.offset(), e.getMessage());
                }
            }
        }
        return latest;
    }

    private boolean reachedEnd(List<TopicPartition> partitions, Map<TopicPartition, Long> ends) {
        for (TopicPartition partition : partitions) {
            if (consumer.position(partition, timeout) < ends.get(partition)) {
                return false;
            }
        }
        return true;
    }
}
