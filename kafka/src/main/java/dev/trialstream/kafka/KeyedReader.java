package dev.trialstream.kafka;

import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.MessageDecodeException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the latest value per key of a compacted, keyed topic (leaderboard, models) as it is now:
 * scans from the beginning to the current end offsets, keeping the last value seen for each key.
 * For one key it reads only the partition the default partitioner put that key in.
 */
public final class KeyedReader {

    private static final Logger LOG = LoggerFactory.getLogger(KeyedReader.class);

    private final PartitionScan scan;
    private final MessageCodec codec;

    public KeyedReader(Consumer<String, byte[]> consumer, MessageCodec codec, Duration timeout) {
        this.scan = new PartitionScan(consumer, timeout);
        this.codec = codec;
    }

    /** The latest message of the given type under {@code key}, if any. */
    public <T extends Message> Optional<T> latest(String topic, String key, Class<T> type) {
        return Optional.ofNullable(scan(List.of(scan.partitionOf(topic, key)), type).get(key));
    }

    /** The latest message of the given type for every key of the topic, in first-seen order. */
    public <T extends Message> Map<String, T> all(String topic, Class<T> type) {
        return scan(scan.partitions(topic), type);
    }

    /**
     * Every key of the topic whose latest record is not a tombstone, in first-seen order. Values
     * are not decoded: this answers "which ids exist" (a "did you mean" after a lookup by one key
     * found nothing) at the cost of one read of the topic, not of decoding every snapshot.
     */
    public Set<String> keys(String topic) {
        Set<String> keys = new LinkedHashSet<>();
        scan.scan(scan.partitions(topic), record -> {
            if (record.key() == null) {
                return;
            }
            if (record.value() == null) {
                keys.remove(record.key());
            } else {
                keys.add(record.key());
            }
        });
        return keys;
    }

    private <T extends Message> Map<String, T> scan(List<TopicPartition> partitions, Class<T> type) {
        Map<String, T> latest = new LinkedHashMap<>();
        scan.scan(partitions, record -> {
            if (record.key() == null || record.value() == null) {
                return;
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
        });
        return latest;
    }
}
