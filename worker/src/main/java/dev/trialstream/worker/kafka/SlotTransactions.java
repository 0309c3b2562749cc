package dev.trialstream.worker.kafka;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A slot's transactional producer, kept usable across broker outages. A failed transaction is
 * aborted; a producer that cannot abort (it is in a fatal state) is replaced by a fresh one with
 * the same transactional id, whose {@code initTransactions} fences the old one and settles its
 * open transaction. A commit that timed out is "in doubt" (the broker may have committed it):
 * {@link #settle()} finishes it before anything else is sent. Poll-thread owned.
 */
final class SlotTransactions implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SlotTransactions.class);

    private final String name;
    private final Supplier<Producer<String, byte[]>> factory;
    private Producer<String, byte[]> producer;
    private boolean initialized;
    private boolean inDoubt;

    SlotTransactions(String name, Supplier<Producer<String, byte[]>> factory) {
        this.name = name;
        this.factory = factory;
        this.producer = factory.get();
    }

    /** Registers the transactional id (once per producer); throws a retriable error while the broker is away. */
    void ready() {
        if (!initialized) {
            producer.initTransactions();
            initialized = true;
        }
    }

    /**
     * Finishes a commit that timed out, so nothing new starts on top of it. If the producer cannot
     * finish it, the producer is replaced: the broker then completes or aborts that transaction,
     * and the caller finds out which from the committed offset.
     */
    void settle() {
        if (!inDoubt) {
            return;
        }
        try {
            producer.commitTransaction();
            inDoubt = false;
        } catch (TimeoutException e) {
            throw e; // still in doubt: retried after a pause
        } catch (KafkaException e) {
            if (Failure.of(e) == Failure.FATAL) {
                throw e;
            }
            replace(e);
            throw e;
        }
    }

    /**
     * Sends and commits {@code offsets} in one transaction. On failure the transaction is aborted
     * (or the producer replaced) and the error rethrown for the caller to classify; a fatal error
     * is rethrown untouched.
     */
    void run(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group,
             Consumer<Producer<String, byte[]>> sends) {
        settle();
        ready();
        try {
            producer.beginTransaction();
            sends.accept(producer);
            producer.sendOffsetsToTransaction(offsets, group);
        } catch (KafkaException e) {
            abort(e);
            throw e;
        }
        try {
            producer.commitTransaction();
        } catch (TimeoutException e) {
            inDoubt = true;
            throw e;
        } catch (KafkaException e) {
            abort(e);
            throw e;
        }
    }

    private void abort(KafkaException cause) {
        if (Failure.of(cause) == Failure.FATAL) {
            return;
        }
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            replace(e);
        }
    }

    private void replace(KafkaException cause) {
        LOG.warn("{}: replacing the transactional producer ({})", name, cause.toString());
        try {
            producer.close(java.time.Duration.ZERO);
        } catch (RuntimeException e) {
            LOG.debug("{}: closing the old producer: {}", name, e.toString());
        }
        producer = factory.get();
        initialized = false;
        inDoubt = false;
    }

    @Override
    public void close() {
        close(java.time.Duration.ofSeconds(10));
    }

    void close(java.time.Duration wait) {
        producer.close(wait);
    }
}
