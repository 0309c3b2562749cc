package dev.trialstream.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads partitions from their beginning up to the end offsets they have when the scan starts: how
 * the compacted topics (datasets, models, leaderboard) are read as they are now. The consumer must
 * not belong to a group; its assignment is replaced.
 */
public final class PartitionScan {

    private static final Duration POLL = Duration.ofMillis(200);

    private final Consumer<String, byte[]> consumer;
    private final Duration timeout;

    public PartitionScan(Consumer<String, byte[]> consumer, Duration timeout) {
        this.consumer = consumer;
        this.timeout = timeout;
    }

    /** The partition Kafka's default partitioner chooses for a key. */
    public static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** Every partition of the topic. */
    public List<TopicPartition> partitions(String topic) {
        return consumer.partitionsFor(topic, timeout).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
    }

    /**
     * The one partition that holds {@code key} (as the default partitioner placed it).
     *
     * @throws IllegalArgumentException when the topic does not exist (see {@link #noSuchTopic})
     */
    public TopicPartition partitionOf(String topic, String key) {
        int partitions = consumer.partitionsFor(topic, timeout).size();
        if (partitions == 0) {
            throw noSuchTopic(topic);
        }
        return new TopicPartition(topic, partitionOf(key, partitions));
    }

    /**
     * A topic a command reads is not on the broker: most often the command was pointed at another
     * cluster or prefix than the searches (consumers never create a topic, {@link ClientConfigs}).
     */
    private static IllegalArgumentException noSuchTopic(String topic) {
        return new IllegalArgumentException("no topic " + topic + " on this broker: nothing was submitted there "
                + "(check --bootstrap and --topic-prefix)");
    }

    /** Hands every record to {@code each} until the end offsets are reached. */
    public void scan(List<TopicPartition> partitions, java.util.function.Consumer<ConsumerRecord<String, byte[]>> each) {
        scan(partitions, each, () -> false);
    }

    /**
     * Hands every record to {@code each} until the end offsets are reached or {@code done} holds.
     *
     * @throws TimeoutException when the end is not reached within the timeout
     */
    public void scan(List<TopicPartition> partitions, java.util.function.Consumer<ConsumerRecord<String, byte[]>> each,
                     BooleanSupplier done) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        readTo(consumer.endOffsets(partitions, timeout), each, done, partitions.toString());
    }

    /**
     * Hands every record of {@code partition} from offset {@code from} to {@code each}, up to the end
     * offset it has when the scan starts (for a read_committed consumer: its last stable offset), or
     * to {@code until} if that is lower.
     *
     * @return the offset the scan stopped at
     * @throws TimeoutException when it is not reached within the timeout
     */
    public long scan(TopicPartition partition, long from, long until,
                     java.util.function.Consumer<ConsumerRecord<String, byte[]>> each) {
        consumer.assign(List.of(partition));
        consumer.seek(partition, from);
        long end = Math.min(until, consumer.endOffsets(List.of(partition), timeout).get(partition));
        readTo(Map.of(partition, end), record -> {
            if (record.offset() < end) {
                each.accept(record);
            }
        }, () -> false, partition + " from " + from);
        return end;
    }

    /** Polls the assigned partitions until each reaches its end in {@code ends}, or {@code done} holds. */
    private void readTo(Map<TopicPartition, Long> ends, java.util.function.Consumer<ConsumerRecord<String, byte[]>> each,
                        BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean() && !reachedEnd(ends)) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("reading " + what + " took longer than " + timeout.toSeconds() + " s");
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                each.accept(record);
            }
        }
    }

    private boolean reachedEnd(Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey(), timeout) < end.getValue()) {
                return false;
            }
        }
        return true;
    }
}
