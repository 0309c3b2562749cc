package dev.trialstream.worker.kafka;

import dev.trialstream.kafka.ClientConfigs;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Reads the group's committed offsets for a slot, and tells the two reasons a read times out
 * apart: the broker is away, or it answers but keeps the offsets "unstable" because a
 * transaction that committed offsets on them is still open (a slot that died mid-commit, or a
 * broker that dropped the transaction's markers). The second is a {@link HeldOffsets}, so that
 * the slot's log names it instead of "waiting for Kafka".
 */
final class GroupOffsets {

    private static final Duration PROBE = Duration.ofSeconds(2);

    private final Consumer<String, byte[]> consumer;

    GroupOffsets(Consumer<String, byte[]> consumer) {
        this.consumer = consumer;
    }

    /** The group's committed offsets on {@code partitions} (null for a partition with none). */
    Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
        try {
            return consumer.committed(partitions);
        } catch (TimeoutException e) {
            if (answers(partitions)) {
                throw new HeldOffsets(partitions, e);
            }
            throw e;
        }
    }

    /** Whether the partitions' leaders answer (their end offsets), which a broker away does not. */
    private boolean answers(Set<TopicPartition> partitions) {
        try {
            consumer.endOffsets(partitions, PROBE);
            return true;
        } catch (KafkaException e) {
            return false;
        }
    }

    /** Kafka answers, but the group's offsets on some partitions cannot be read: retried like an outage. */
    static final class HeldOffsets extends RetriableException {

        private static final long serialVersionUID = 1L;

        HeldOffsets(Set<TopicPartition> partitions, TimeoutException cause) {
            super("Kafka answers, but the group's committed offsets on " + sorted(partitions)
                    + " cannot be read (" + cause.getMessage() + "): most likely an open transaction committed "
                    + "offsets there, from a slot that died in its commit (its coordinator aborts it within "
                    + ClientConfigs.TRANSACTION_TIMEOUT.toSeconds() + " s) or on a broker that dropped its markers "
                    + "(the aggregator's check aborts it once it is a minute old); no trial is taken from them "
                    + "until then", cause);
        }

        private static Set<String> sorted(Set<TopicPartition> partitions) {
            Set<String> names = new TreeSet<>();
            partitions.forEach(p -> names.add(p.toString()));
            return names;
        }
    }
}
