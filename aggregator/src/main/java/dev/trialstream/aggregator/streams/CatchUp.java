package dev.trialstream.aggregator.streams;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether the app has applied its inputs up to where they ended when it (re)started running.
 * RUNNING alone is not enough: after a restart the store is current only as of the last commit,
 * and the events written while the app was away are still to be applied, so its leaderboards
 * would be stale ("1/24 ended", then "12/24" four seconds later). Caught up = the group's
 * committed offsets (Streams commits the consumer's position, past transaction markers) have
 * reached the inputs' last stable offsets taken once, when the app started running.
 */
final class CatchUp {

    private static final long TIMEOUT_MILLIS = 5_000;

    private final Admin admin;
    private final String groupId;
    private Map<TopicPartition, Long> target;

    CatchUp(Admin admin, String groupId) {
        this.admin = admin;
        this.groupId = groupId;
    }

    /** Forget the target: the app left RUNNING (restart, rebalance) and must catch up again. */
    synchronized void reset() {
        target = null;
    }

    /**
     * @param owned the input partitions this instance's active tasks own now
     * @return whether every one of them is applied up to its target (errors = not yet)
     */
    synchronized boolean reached(Collection<TopicPartition> owned) throws Exception {
        if (owned.isEmpty()) {
            return true;
        }
        if (target == null) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            owned.forEach(p -> latest.put(p, OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).forEach((p, info) -> ends.put(p, info.offset()));
            target = ends;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        for (TopicPartition partition : Set.copyOf(owned)) {
            long end = target.getOrDefault(partition, 0L);
            OffsetAndMetadata at = committed.get(partition);
            if (end > 0 && (at == null || at.offset() < end)) {
                return false;
            }
        }
        return true;
    }
}
