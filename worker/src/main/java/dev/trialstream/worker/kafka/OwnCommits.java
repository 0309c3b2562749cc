package dev.trialstream.worker.kafka;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets a slot committed itself, per partition it still holds, so that a commit the broker
 * lost is found: a one-node broker killed inside a transaction's commit can drop its markers on
 * restart (README, Faults), and the transaction is then aborted although the producer was told it
 * committed. The trial's terminal event is gone with it, and the slot's next commit on that
 * partition would cover the trial for good. Finding the group's offset below the slot's own says
 * so; the slot then polls again from the group's offset. Poll-thread owned.
 */
final class OwnCommits {

    private final Map<TopicPartition, Long> offsets = new HashMap<>();

    /** A transaction of this slot committed {@code committed}. */
    void record(Map<TopicPartition, OffsetAndMetadata> committed) {
        committed.forEach((partition, offset) -> offsets.merge(partition, offset.offset(), Math::max));
    }

    /** The partitions left this slot: their next owner commits them. */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(offsets::remove);
    }

    /** The partitions this slot has committed on. */
    Set<TopicPartition> partitions() {
        return Set.copyOf(offsets.keySet());
    }

    /**
     * The partitions whose offset in the group ({@code inGroup}, read from the broker) is below
     * what this slot committed there, each with the group's offset (where the lost work starts);
     * they are set back to it. A partition without an offset in the group lost every commit: 0.
     */
    Map<TopicPartition, Long> lost(Map<TopicPartition, OffsetAndMetadata> inGroup) {
        Map<TopicPartition, Long> lost = new LinkedHashMap<>();
        offsets.forEach((partition, own) -> {
            if (!inGroup.containsKey(partition)) {
                return; // not asked about
            }
            OffsetAndMetadata group = inGroup.get(partition);
            long at = group == null ? 0 : group.offset();
            if (at < own) {
                lost.put(partition, at);
            }
        });
        lost.forEach(offsets::put);
        return lost;
    }
}
