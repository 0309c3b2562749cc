package dev.trialstream.worker.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetMetadataTooLarge;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a worker's commits carry the start counts ({@link Attempts}) in the group's offset
 * metadata. A broker whose {@code offset.metadata.max.bytes} is below a count refuses the whole
 * commit (OFFSET_METADATA_TOO_LARGE, which the transactional producer reports as an unexpected,
 * fatal error), and a slot that only tried again took no trial at all. Once a commit is refused so,
 * the worker's slots commit their offsets without the count; each slot keeps counting in its own
 * memory, which still gives up a record whose take keeps failing in this process, but no longer
 * one that kills the process. Said once, as a WARN naming the setting. Shared by a worker's slots.
 */
final class StartCounting {

    private static final Logger LOG = LoggerFactory.getLogger(StartCounting.class);

    private final AtomicBoolean refused = new AtomicBoolean();

    /** Whether the counts go to the group's offsets (else they live in each slot's memory only). */
    boolean carried() {
        return !refused.get();
    }

    /** {@code offsets} as they are to be committed: without their metadata once the broker refused it. */
    Map<TopicPartition, OffsetAndMetadata> fit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (carried()) {
            return offsets;
        }
        Map<TopicPartition, OffsetAndMetadata> bare = new LinkedHashMap<>();
        offsets.forEach((partition, offset) -> bare.put(partition, new OffsetAndMetadata(offset.offset())));
        return bare;
    }

    /**
     * Whether {@code error} is the broker refusing the metadata of {@code sent} (what the failed
     * commit carried) as too large; if so, no count is carried from now on, and the first slot to
     * find it says so ({@code slot}: its name).
     */
    boolean refusedBy(Throwable error, Map<TopicPartition, OffsetAndMetadata> sent, String slot) {
        int longest = sent.values().stream().mapToInt(o -> o.metadata() == null ? 0 : o.metadata().length()).max()
                .orElse(0);
        if (longest == 0 || !tooLarge(error)) {
            return false;
        }
        if (refused.compareAndSet(false, true)) {
            LOG.warn("{}: the broker refused the start count this worker keeps in its group's offset metadata ({} "
                    + "characters): its offset.metadata.max.bytes is set below that (the default is 4096; the count "
                    + "takes at most 1000). The worker commits its offsets without the count from now on and trains "
                    + "on, but the count no longer outlives its process: a trial that kills its worker's process (a "
                    + "native crash, the container's memory limit) is taken again by every worker that replaces it, "
                    + "which dies with it too, instead of being given up after 3 starts. Set the brokers' "
                    + "offset.metadata.max.bytes to 1000 or more (or leave it at its default) to keep that protection",
                    slot, longest);
        }
        return true;
    }

    private static boolean tooLarge(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            // The producer wraps the broker's error code in a plain KafkaException with its message.
            if (e instanceof OffsetMetadataTooLarge || e.getMessage() != null
                    && e.getMessage().contains(Errors.OFFSET_METADATA_TOO_LARGE.message())) {
                return true;
            }
        }
        return false;
    }
}
