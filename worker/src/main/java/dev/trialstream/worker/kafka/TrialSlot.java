package dev.trialstream.worker.kafka;

import dev.trialstream.worker.trial.TrialExecution;
import dev.trialstream.worker.trial.Outcome;
import dev.trialstream.worker.trial.AbandonSignal;
import dev.trialstream.core.message.BlobChunker;
import dev.trialstream.core.message.DeadLetter;
import dev.trialstream.core.message.EventMessage;
import dev.trialstream.core.message.FileRef;
import dev.trialstream.core.message.FinalFitCompleted;
import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.MessageDecodeException;
import dev.trialstream.core.message.ModelPublished;
import dev.trialstream.core.message.TrialCompleted;
import dev.trialstream.core.message.TrialMessage;
import dev.trialstream.kafka.BlobStore;
import dev.trialstream.kafka.DeadLetters;
import dev.trialstream.kafka.Topics;
import dev.trialstream.worker.metrics.WorkerMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker slot: polls the trials topic, hands each trial to its own training thread with
 * every assigned partition paused (so polling, and group membership, go on while it trains),
 * then publishes the terminal event and commits the offset in one transaction. This class
 * only polls, hands off and commits.
 *
 * <p>Errors are sorted by {@link Failure}: a broker outage of any length is waited out (the
 * finished trial's outcome is kept and its commit retried, never retrained or dead-lettered for
 * it); a partition the group took away is let go; a fatal error stops the slot and marks it
 * {@link #failure() failed}, which fails the worker's liveness so the process is restarted.
 */
final class TrialSlot implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(TrialSlot.class);
    private static final int MAX_ATTEMPTS = 3;
    private static final Duration IDLE_COMMIT_INTERVAL = Duration.ofSeconds(5);

    private final String name;
    private final String workerId;
    private final Consumer<String, byte[]> consumer;
    private final SlotTransactions transactions;
    private final ExecutorService training;
    private final TrialExecution execution;
    private final Topics topics;
    private final MessageCodec codec;
    private final DeadLetters deadLetters;
    private final Clock clock;
    private final Duration pollInterval;
    private final Duration handBackWait;
    private final BlobChunker chunker = new BlobChunker();
    private final BlobStore blobs;
    private int failedAttempts;
    private long lastIdleCommit;
    private final WorkerMetrics metrics;
    private final Backoff backoff;
    private volatile boolean running = true;
    private volatile boolean halted;
    private volatile String failure;
    private volatile boolean waiting;
    private InFlight inFlight;

    /**
     * @param producers makes the slot's transactional producer, again after one broke (same
     *                  transactional id, so the new one fences the old)
     */
    TrialSlot(String name, String workerId, Consumer<String, byte[]> consumer,
              Supplier<Producer<String, byte[]>> producers, ExecutorService training, TrialExecution execution, Topics topics, MessageCodec codec, Clock clock,
              Duration pollInterval, Duration handBackWait, WorkerMetrics metrics) {
        this.name = name;
        this.workerId = workerId;
        this.consumer = consumer;
        this.transactions = new SlotTransactions(name, producers);
        this.backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));
        this.training = training;
        this.execution = execution;
        this.topics = topics;
        this.codec = codec;
        this.deadLetters = new DeadLetters(topics, clock);
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.handBackWait = handBackWait;
        this.metrics = metrics;
        this.blobs = new BlobStore(codec, chunker);
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topics.trials()), new Rebalance());
            while (running) {
                try {
                    step();
                    if (waiting) {
                        LOG.info("{}: Kafka answers again", name);
                        waiting = false;
                    }
                    backoff.reset();
                } catch (KafkaException e) {
                    if (Failure.of(e) == Failure.FATAL) {
                        throw e;
                    }
                    pause(e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e.toString();
            LOG.error("{}: cannot go on, the process must be restarted: {}", name, e.toString(), e);
        } finally {
            shutDown();
        }
    }

    /** One round: poll, hand a trial off, commit a finished one, or tidy offsets when idle. */
    private void step() throws InterruptedException {
        transactions.ready();
        boolean any = false;
        for (ConsumerRecord<String, byte[]> record : poll()) {
            accept(record);
            any = true;
        }
        if (inFlight != null && inFlight.done()) {
            complete();
        } else if (!any && inFlight == null) {
            commitPastMarkersWhenIdle();
        }
    }

    /** A retriable error (the broker is away): wait, longer each time up to a few seconds, and go on. */
    private void pause(KafkaException e) throws InterruptedException {
        if (!waiting) {
            LOG.warn("{}: waiting for Kafka ({}){}", name, e.toString(),
                    inFlight != null && inFlight.done() ? "; the finished trial's result is kept until it commits" : "");
            waiting = true;
        } else {
            LOG.debug("{}: still waiting for Kafka: {}", name, e.toString());
        }
        long until = System.nanoTime() + backoff.next().toNanos();
        while (running && System.nanoTime() < until) {
            Thread.sleep(50);
        }
    }

    /** Why this slot stopped for good, if it did: then the worker is no longer live. */
    Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** Whether the last round reached Kafka (false while an outage is waited out). */
    boolean connected() {
        return !waiting;
    }

    /**
     * Polls; a wakeup means either "stop" or "your trial finished" (the training thread wakes the
     * poll so a result is committed at once instead of after the poll interval).
     */
    private Iterable<ConsumerRecord<String, byte[]>> poll() {
        try {
            return consumer.poll(pollInterval);
        } catch (WakeupException e) {
            return List.of();
        }
    }

    /** Graceful stop: the in-flight trial (if any) is handed back uncommitted; called from any thread. */
    void stop() {
        running = false;
        consumer.wakeup();
    }

    /** Abrupt stop, as if the process died: nothing more is published or committed. */
    void halt() {
        halted = true;
        stop();
    }

    boolean busy() {
        return inFlight != null;
    }

    private void accept(ConsumerRecord<String, byte[]> record) {
        TrialMessage message;
        try {
            message = codec.decode(record.value(), TrialMessage.class);
        } catch (MessageDecodeException e) {
            deadLetter(record, e);
            return;
        }
        AbandonSignal abandon = new AbandonSignal();
        String attempt = UUID.randomUUID().toString().substring(0, 8);
        consumer.pause(consumer.assignment());
        inFlight = new InFlight(record, abandon, training.submit(() -> {
            try {
                return execution.run(message, attempt, abandon);
            } finally {
                consumer.wakeup();
            }
        }));
    }

    private void complete() throws InterruptedException {
        if (halted) {
            // Halting closes the progress producer, which can end the trial as failed; a dead
            // process commits nothing, so neither does this slot. halted is set before the close.
            return;
        }
        InFlight done = inFlight;
        Outcome outcome = done.outcome();
        if (outcome instanceof Outcome.Ended || outcome instanceof Outcome.Fitted) {
            // Throws a retriable error while the broker is away, or returns false while the group
            // rebalances: inFlight stays, and the commit is tried again with the same outcome.
            if (commit(done, outcome)) {
                inFlight = null;
                consumer.resume(consumer.assignment());
            }
            return;
        }
        inFlight = null;
        if (outcome instanceof Outcome.Abandoned abandoned) {
            LOG.info("{}: gave up {}@{} ({}); it will be delivered again", name, done.partition(), done.offset(),
                    abandoned.reason());
            if (abandoned.crash()) {
                // A record that keeps crashing its training thread is poison, not bad luck.
                retryOrDeadLetter(done, new IllegalStateException(abandoned.reason()));
            } else {
                rewind(done);
            }
        }
        consumer.resume(consumer.assignment());
    }

    /**
     * Publishes the outcome and commits the offset in one transaction. Every message is built
     * before the transaction opens, so only Kafka can fail inside it. A retriable failure is
     * rethrown (the caller pauses and calls again with the same outcome). A commit the group
     * rejected because it rebalanced meanwhile returns false: the next poll rejoins, and the
     * commit is tried again unless the partition was revoked (then its new owner redoes the
     * trial). Any other failure rewinds the record, and a record that fails {@value #MAX_ATTEMPTS}
     * times in a row goes to dead-letters, so one bad trial cannot stall the slot.
     *
     * @return whether the record is settled (committed, given up or rewound)
     */
    private boolean commit(InFlight done, Outcome outcome) {
        if (done.revoked()) {
            LOG.info("{}: {}@{} moved to another slot before its result committed; it will be redone there", name,
                    done.partition(), done.offset());
            return true;
        }
        if (done.attempted() && committed(done)) {
            // An earlier attempt's commit timed out, yet the broker had committed it.
            LOG.info("{}: {}@{} was committed by an earlier attempt", name, done.partition(), done.offset());
            failedAttempts = 0;
            return true;
        }
        Publication publication;
        try {
            publication = publication(outcome);
        } catch (RuntimeException e) {
            LOG.error("{}: cannot publish the outcome of {}@{}: {}", name, done.partition(), done.offset(), e.toString());
            deadLetter(done.record(), e);
            return true;
        }
        done.attempt();
        try {
            transactions.run(Map.of(done.partition(), after(done.offset())), consumer.groupMetadata(), producer -> {
                if (publication.blob() != null) {
                    blobs.upload(producer, topics.models(), publication.blob(), publication.blobFile());
                }
                publication.records().forEach(producer::send);
            });
            failedAttempts = 0;
            return true;
        } catch (KafkaException e) {
            switch (Failure.of(e)) {
                case RETRIABLE, FATAL -> throw e;
                case REBALANCED -> {
                    // Typically a member left or joined while this trial trained: the partition
                    // usually stays here (cooperative assignment), and the commit then succeeds
                    // under the new generation, without training the trial again.
                    LOG.info("{}: the group rebalanced before {}@{} committed ({}); committing again after rejoining",
                            name, done.partition(), done.offset(), e.getMessage());
                    return false;
                }
                default -> {
                    LOG.warn("{}: could not commit {}@{}, aborted: {}", name, done.partition(), done.offset(), e.toString());
                    retryOrDeadLetter(done, e);
                    return true;
                }
            }
        }
    }

    /** Whether the group's committed offset is already past the record (read from the broker). */
    private boolean committed(InFlight done) {
        OffsetAndMetadata committed = consumer.committed(java.util.Set.of(done.partition())).get(done.partition());
        return committed != null && committed.offset() > done.offset();
    }

    /**
     * Runs {@code sends} and commits {@code offsets} in one transaction. A fatal or retriable
     * error is rethrown; any other is returned, for the caller to rewind or dead-letter.
     */
    private Optional<KafkaException> inTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
                                                   java.util.function.Consumer<Producer<String, byte[]>> sends) {
        try {
            transactions.run(offsets, consumer.groupMetadata(), sends);
            return Optional.empty();
        } catch (KafkaException e) {
            Failure kind = Failure.of(e);
            if (kind == Failure.FATAL || kind == Failure.RETRIABLE) {
                throw e;
            }
            return Optional.of(e);
        }
    }

    /** The offset to commit once the record at {@code offset} is dealt with. */
    private static OffsetAndMetadata after(long offset) {
        return new OffsetAndMetadata(offset + 1);
    }

    /** Redelivers the record, unless it failed {@value #MAX_ATTEMPTS} times in a row: then dead-letters it. */
    private void retryOrDeadLetter(InFlight done, Exception cause) {
        if (++failedAttempts >= MAX_ATTEMPTS) {
            failedAttempts = 0;
            deadLetter(done.record(), cause);
        } else {
            rewind(done);
        }
    }

    /** The messages an outcome publishes, built up front; a final fit also uploads its bundle (hashed once). */
    /**
     * What one outcome's transaction sends: its records and, when it has one, a file for the blob
     * store in {@code models} (a model bundle, or out-of-fold predictions too large for their event).
     */
    private record Publication(List<ProducerRecord<String, byte[]>> records, byte[] blob, FileRef blobFile) {
    }

    private Publication publication(Outcome outcome) {
        if (outcome instanceof Outcome.Fitted fitted) {
            var request = fitted.request();
            var info = fitted.bundle().info();
            byte[] bytes = fitted.bundle().toBytes();
            FileRef file = chunker.ref(bytes, request.searchId() + ".zip");
            long now = clock.millis();
            return new Publication(List.of(
                    record(topics.models(), request.searchId(), new ModelPublished(request.searchId(),
                            request.trialId(), request.params(), request.epochs(), info.test(), file, now)),
                    record(topics.events(), request.searchId(), new FinalFitCompleted(request.searchId(),
                            request.trialId(), request.epochs(), info.test(), file, fitted.seconds(), workerId, now))),
                    bytes, file);
        }
        EventMessage terminal = ((Outcome.Ended) outcome).terminal();
        if (terminal instanceof TrialCompleted completed && completed.outOfFold() != null
                && completed.outOfFold().tooLargeInline()) {
            // Too large for the event: the predictions go to the blob store in the same transaction,
            // so a read_committed reader that sees the event finds every chunk.
            byte[] bytes = completed.outOfFold().toBytes();
            FileRef file = chunker.ref(bytes, completed.trialId() + ".oof");
            TrialCompleted byReference = completed.withOutOfFoldFile(file);
            return new Publication(List.of(record(topics.events(), terminal.searchId(), byReference)), bytes, file);
        }
        return new Publication(List.of(record(topics.events(), terminal.searchId(), terminal)), null, null);
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, Exception error) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        DeadLetter letter = deadLetters.of(record, error);
        metrics.deadLetter();
        LOG.warn("{}: {}@{} sent to {}: {}", name, partition, record.offset(), topics.deadLetters(), error.getMessage());
        Optional<KafkaException> failed;
        try {
            failed = inTransaction(Map.of(partition, after(record.offset())),
                    producer -> producer.send(record(topics.deadLetters(), record.key(), letter)));
        } catch (KafkaException e) {
            seekBack(partition, record.offset()); // the broker is away: polled again once it is back
            throw e;
        }
        failed.ifPresent(e -> {
            LOG.warn("{}: could not dead-letter {}@{}, will retry: {}", name, partition, record.offset(), e.toString());
            seekBack(partition, record.offset());
        });
    }

    private void seekBack(TopicPartition partition, long offset) {
        if (consumer.assignment().contains(partition)) {
            consumer.seek(partition, offset);
        }
    }

    private ProducerRecord<String, byte[]> record(String topic, String key, Message message) {
        return new ProducerRecord<>(topic, key, codec.encode(message));
    }

    /**
     * A trial written in a transaction (the aggregator's final-fit and TPE requests) is followed by
     * a commit marker; committing "offset + 1" leaves that marker counted as lag forever, which
     * would keep an autoscaler from scaling to zero. When idle, commit the position instead (it is
     * past the marker once the consumer has fetched beyond it), at most every few seconds.
     */
    private void commitPastMarkersWhenIdle() {
        long now = System.nanoTime();
        if (now - lastIdleCommit < IDLE_COMMIT_INTERVAL.toNanos()) {
            return;
        }
        lastIdleCommit = now;
        Map<TopicPartition, OffsetAndMetadata> advance = new java.util.HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(consumer.assignment());
        for (TopicPartition partition : consumer.assignment()) {
            long position = consumer.position(partition);
            OffsetAndMetadata current = committed.get(partition);
            if (current != null && current.offset() < position) {
                advance.put(partition, new OffsetAndMetadata(position));
            }
        }
        if (!advance.isEmpty()) {
            inTransaction(advance, producer -> { }); // a failure is retried on the next idle poll
        }
    }

    /** Puts the consumer back on the record so it is polled (by whoever owns it) again. */
    private void rewind(InFlight done) {
        if (!done.revoked() && consumer.assignment().contains(done.partition())) {
            consumer.seek(done.partition(), done.offset());
        }
    }

    private void shutDown() {
        try {
            if (inFlight != null) {
                inFlight.abandon(halted ? "worker halted" : "worker shutting down");
                if (!halted) {
                    inFlight.await(handBackWait);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            training.shutdownNow();
            Duration wait = halted ? Duration.ZERO : Duration.ofSeconds(10);
            try {
                // A static member stays in the group on close unless told to leave: leave on a
                // graceful stop (the partitions move at once), stay when halted (as a killed process would).
                consumer.close(CloseOptions.groupMembershipOperation(halted
                        ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP
                        : CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(wait));
            } finally {
                transactions.close(wait);
            }
            LOG.info("{}: {}", name, halted ? "halted" : "stopped");
        }
    }

    /** Keeps a busy slot's partitions paused, and takes the in-flight trial away when its partition goes. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (inFlight != null && partitions.contains(inFlight.partition())) {
                inFlight.revoke();
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (inFlight != null) {
                consumer.pause(partitions);
            }
        }
    }
}
