package dev.trialstream.producer.kafka;

import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.MessageDecodeException;
import dev.trialstream.core.message.ScheduleMessage;
import dev.trialstream.core.message.WorkerSlots;
import dev.trialstream.kafka.PartitionScan;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the fleet has a worker, from the workers' own announcements on the schedule topic (the
 * {@link WorkerSlots} every worker sends at start and every 10 s, and with 0 slots when it stops):
 * the source the aggregator's scheduler sizes the fleet by, read as it is, so no aggregator and no
 * snapshot has to carry it, and it holds whether the aggregator is given {@code --fleet-slots} or
 * not. It reads back {@link #LOOKBACK} at start (the workers announced before), then what comes.
 * A login that may not read the topic (the producer role's ACLs do not grant it) cannot tell:
 * {@link #emptyFor} is then always empty, and the follower says nothing of the fleet.
 */
public final class FleetPresence implements LeaderboardFollower.Fleet {

    private static final Logger LOG = LoggerFactory.getLogger(FleetPresence.class);
    /** Read back at start: {@link WorkerSlots#SILENT_PERIODS} of announcement periods up to 20 s. */
    static final Duration LOOKBACK = Duration.ofMinutes(1);

    private final Consumer<String, byte[]> consumer;
    private final MessageCodec codec;
    private final Clock clock;
    private LiveWorkers workers;
    /** Where the announcements made before following began end: until read, the fleet is not known. */
    private Map<TopicPartition, Long> history = Map.of();
    private boolean unreadable;

    /**
     * Assigns the consumer to the schedule topic from {@link #LOOKBACK} ago.
     *
     * @param consumer its own (a follower polls another), closed by the caller
     */
    public FleetPresence(Consumer<String, byte[]> consumer, MessageCodec codec, String scheduleTopic,
                         Duration metadataTimeout, Clock clock) {
        this.consumer = consumer;
        this.codec = codec;
        this.clock = clock;
        try {
            List<TopicPartition> partitions = new PartitionScan(consumer, metadataTimeout).partitions(scheduleTopic);
            if (partitions.isEmpty()) {
                unreadable = true; // no schedule topic: no aggregator has made it, nothing to tell
                return;
            }
            consumer.assign(partitions);
            long from = clock.millis() - LOOKBACK.toMillis();
            Map<TopicPartition, Long> at = new HashMap<>();
            partitions.forEach(p -> at.put(p, from));
            Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(at, metadataTimeout);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, metadataTimeout);
            history = Map.copyOf(ends);
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp offset = offsets.get(partition);
                consumer.seek(partition, offset == null ? ends.get(partition) : offset.offset());
            }
            // With no announcement read back, the fleet is known empty from now on, not claimed empty before.
            workers = new LiveWorkers(clock.millis());
        } catch (AuthorizationException e) {
            cannotRead(scheduleTopic, e);
        }
    }

    /**
     * How long no worker has been in the fleet, after reading what was announced since the last
     * call; empty while one is, while what was announced before following began is still being
     * read, or when the topic cannot be read.
     */
    @Override
    public Optional<Duration> emptyFor() {
        if (unreadable) {
            return Optional.empty();
        }
        try {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ZERO)) {
                heard(record);
            }
        } catch (AuthorizationException e) {
            cannotRead(consumer.assignment().toString(), e);
            return Optional.empty();
        }
        if (!historyRead()) {
            return Optional.empty(); // the workers that announced before are not all read yet
        }
        long now = clock.millis();
        OptionalLong since = workers.emptySince(now);
        return since.isPresent() ? Optional.of(Duration.ofMillis(now - since.getAsLong())) : Optional.empty();
    }

    /**
     * Whether {@code workerId} is known to have left the fleet (or never announced itself), as of
     * the last {@link #emptyFor}; false while that is not known.
     */
    @Override
    public boolean gone(String workerId) {
        return !unreadable && historyRead() && !workers.has(workerId, clock.millis());
    }

    private boolean historyRead() {
        for (Map.Entry<TopicPartition, Long> end : history.entrySet()) {
            if (consumer.position(end.getKey(), Duration.ZERO) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void heard(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        try {
            if (codec.decode(record.value(), ScheduleMessage.class) instanceof WorkerSlots announcement) {
                // Read back, when it was sent (the worker's clock); as it comes, now (this one's).
                long now = clock.millis();
                workers.announced(announcement, Math.min(now, Math.max(record.timestamp(), now - LOOKBACK.toMillis())));
            }
        } catch (MessageDecodeException e) {
            // the aggregator dead-letters what does not belong there; a follower skips it
        }
    }

    private void cannotRead(String topic, AuthorizationException e) {
        LOG.debug("cannot read {} ({}): the fleet's workers are not known", topic, e.toString());
        unreadable = true;
    }
}
