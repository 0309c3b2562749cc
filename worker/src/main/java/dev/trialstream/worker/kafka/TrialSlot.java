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
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker slot: polls the trials topic, hands each trial to its own training thread with
 * every assigned partition paused (so polling, and group membership, go on while it trains),
 * then publishes the terminal event and commits the offset in one transaction. This class
 * only polls, hands off and commits.
 */
final class TrialSlot implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(TrialSlot.class);
    private static final int MAX_ATTEMPTS = 3;
    private static final Duration IDLE_COMMIT_INTERVAL = Duration.ofSeconds(5);

    private final String name;
    private final String workerId;
    private final Consumer<String, byte[]> consumer;
    private final Producer<String, byte[]> producer;
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
    private volatile boolean running = true;
    private volatile boolean halted;
    private InFlight inFlight;

    TrialSlot(String name, String workerId, Consumer<String, byte[]> consumer, Producer<String, byte[]> producer,
              ExecutorService training, TrialExecution execution, Topics topics, MessageCodec codec, Clock clock,
              Duration pollInterval, Duration handBackWait, WorkerMetrics metrics) {
        this.name = name;
        this.workerId = workerId;
        this.consumer = consumer;
        this.producer = producer;
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
            producer.initTransactions();
            consumer.subscribe(List.of(topics.trials()), new Rebalance());
            while (running) {
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ProducerFencedException e) {
            LOG.error("{}: another process took over transactional id; this slot stops: {}", name, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("{}: stopped by an unexpected error", name, e);
        } finally {
            shutDown();
        }
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
        inFlight = null;
        Outcome outcome = done.outcome();
        if (outcome instanceof Outcome.Abandoned abandoned) {
            LOG.info("{}: gave up {}@{} ({}); it will be delivered again", name, done.partition(), done.offset(),
                    abandoned.reason());
            if (abandoned.crash()) {
                // A record that keeps crashing its training thread is poison, not bad luck.
                retryOrDeadLetter(done, new IllegalStateException(abandoned.reason()));
            } else {
                rewind(done);
            }
        } else {
            commit(done, outcome);
        }
        consumer.resume(consumer.assignment());
    }

    /**
     * Publishes the outcome and commits the offset in one transaction. Every message is built
     * before the transaction opens, so only Kafka can fail inside it; a failed commit is aborted
     * and the record rewound (retried); a record that fails {@value #MAX_ATTEMPTS} times in a row
     * goes to dead-letters instead, so one bad trial cannot stall the slot.
     */
    private void commit(InFlight done, Outcome outcome) {
        Publication publication;
        try {
            publication = publication(outcome);
        } catch (RuntimeException e) {
            LOG.error("{}: cannot publish the outcome of {}@{}: {}", name, done.partition(), done.offset(), e.toString());
            deadLetter(done.record(), e);
            return;
        }
        Optional<KafkaException> aborted = inTransaction(Map.of(done.partition(), after(done.offset())), () -> {
            if (publication.bundle() != null) {
                blobs.upload(producer, topics.models(), publication.bundle(), publication.bundleFile());
            }
            publication.records().forEach(producer::send);
        });
        if (aborted.isEmpty()) {
            failedAttempts = 0;
            return;
        }
        // Typically the group rebalanced under us: the new owner of the partition redoes the trial.
        // The exception as text: given as the last argument, SLF4J would take it for the throwable and leave {} unfilled.
        LOG.warn("{}: could not commit {}@{}, aborted: {}", name, done.partition(), done.offset(), aborted.get().toString());
        retryOrDeadLetter(done, aborted.get());
    }

    /**
     * Runs {@code sends} and commits {@code offsets} in one transaction. A fenced producer is fatal
     * (rethrown); any other Kafka error aborts the transaction and is returned, for the caller to
     * rewind or retry.
     */
    private Optional<KafkaException> inTransaction(Map<TopicPartition, OffsetAndMetadata> offsets, Runnable sends) {
        try {
            producer.beginTransaction();
            sends.run();
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
            return Optional.empty();
        } catch (ProducerFencedException e) {
            throw e;
        } catch (KafkaException e) {
            producer.abortTransaction();
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
    private record Publication(List<ProducerRecord<String, byte[]>> records, byte[] bundle, FileRef bundleFile) {
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
        return new Publication(List.of(record(topics.events(), terminal.searchId(), terminal)), null, null);
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, Exception error) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        DeadLetter letter = deadLetters.of(record, error);
        metrics.deadLetter();
        LOG.warn("{}: {}@{} sent to {}: {}", name, partition, record.offset(), topics.deadLetters(), error.getMessage());
        inTransaction(Map.of(partition, after(record.offset())),
                () -> producer.send(record(topics.deadLetters(), record.key(), letter))).ifPresent(e -> {
                    LOG.warn("{}: could not dead-letter {}@{}, will retry: {}", name, partition, record.offset(),
                            e.toString());
                    if (consumer.assignment().contains(partition)) {
                        consumer.seek(partition, record.offset());
                    }
                });
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
            inTransaction(advance, () -> { }); // a failure is retried on the next idle poll
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
                consumer.close(wait);
            } finally {
                producer.close(wait);
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
