package dev.trialstream.aggregator.streams;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether the app has applied its inputs up to where they ended when it (re)started running.
 * RUNNING alone is not enough: after a restart the store is current only as of the last commit,
 * and the events written while the app was away are still to be applied, so its leaderboards
 * would be stale ("1/24 ended", then "12/24" four seconds later). Caught up = for every input
 * partition it owns, the group's committed offset has reached the partition's last stable offset
 * taken when the partition was first seen since the app started running, or nothing committed is
 * left between the two.
 *
 * <p>The second case matters: Streams commits a partition's position (past transaction markers)
 * only once it has processed a record of it since the task started. A partition whose tail is an
 * aborted transaction (a producer killed with it open, e.g. the previous aggregator's own writes
 * to the schedule topics, or a worker's during a broker outage) and gets no record after it is
 * never committed past that tail, so on an idle cluster a restarted aggregator would wait for ever.
 * Such partitions are read once with a read_committed consumer from the committed offset: no
 * record before the target means nothing is left to apply.
 */
final class CatchUp implements AutoCloseable {

    private static final long TIMEOUT_MILLIS = 5_000;
    private static final Duration PROBE = Duration.ofSeconds(2);

    private final Admin admin;
    private final String groupId;
    private final Supplier<Consumer<String, byte[]>> consumers;
    private final Map<TopicPartition, Long> target = new HashMap<>();
    /** Partitions read up to their target without a committed record: nothing to apply there. */
    private final Set<TopicPartition> nothingLeft = new HashSet<>();
    private Consumer<String, byte[]> probe;

    /**
     * @param consumers makes a read_committed consumer outside any group (opened only when a
     *                  partition lags, kept until {@link #close()})
     */
    CatchUp(Admin admin, String groupId, Supplier<Consumer<String, byte[]>> consumers) {
        this.admin = admin;
        this.groupId = groupId;
        this.consumers = consumers;
    }

    /** Forget the targets: the app left RUNNING (restart, rebalance) and must catch up again. */
    synchronized void reset() {
        target.clear();
        nothingLeft.clear();
    }

    /**
     * @param owned the input partitions this instance's active tasks own now
     * @return whether every one of them is applied up to its target (errors = not yet)
     */
    synchronized boolean reached(Collection<TopicPartition> owned) throws Exception {
        if (owned.isEmpty()) {
            return true;
        }
        Map<TopicPartition, OffsetSpec> unseen = new HashMap<>();
        owned.stream().filter(p -> !target.containsKey(p)).forEach(p -> unseen.put(p, OffsetSpec.latest()));
        if (!unseen.isEmpty()) {
            admin.listOffsets(unseen, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).forEach((p, info) -> target.put(p, info.offset()));
        }
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> lagging = new HashMap<>();
        for (TopicPartition partition : Set.copyOf(owned)) {
            long end = target.getOrDefault(partition, 0L);
            OffsetAndMetadata at = committed.get(partition);
            long from = at == null ? 0 : at.offset();
            if (end > from && !nothingLeft.contains(partition)) {
                lagging.put(partition, from);
            }
        }
        if (lagging.isEmpty()) {
            return true;
        }
        nothingLeft.addAll(withoutRecords(lagging));
        return nothingLeft.containsAll(lagging.keySet());
    }

    /**
     * Reads each partition from its committed offset; returns those whose position passed the
     * target without a committed record before it (within the probe's time).
     */
    private Set<TopicPartition> withoutRecords(Map<TopicPartition, Long> from) {
        if (probe == null) {
            probe = consumers.get();
        }
        probe.assign(from.keySet());
        from.forEach(probe::seek);
        Set<TopicPartition> open = new HashSet<>(from.keySet());
        Set<TopicPartition> empty = new HashSet<>();
        long deadline = System.nanoTime() + PROBE.toNanos();
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : probe.poll(Duration.ofMillis(100))) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < target.get(partition)) {
                    open.remove(partition); // a committed record still to apply (or to commit)
                }
            }
            for (TopicPartition partition : Set.copyOf(open)) {
                if (probe.position(partition) >= target.get(partition)) {
                    open.remove(partition);
                    empty.add(partition);
                }
            }
        }
        return empty;
    }

    @Override
    public synchronized void close() {
        if (probe != null) {
            probe.close(Duration.ofSeconds(5));
            probe = null;
        }
    }
}
