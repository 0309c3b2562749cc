package dev.trialstream.worker.kafka;

import dev.trialstream.worker.trial.TrialExecution;
import dev.trialstream.worker.trial.Outcome;
import dev.trialstream.worker.trial.AbandonSignal;
import dev.trialstream.worker.trial.PackMember;
import dev.trialstream.core.text.Plural;
import dev.trialstream.core.message.BlobChunker;
import dev.trialstream.core.message.DeadLetter;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.MessageDecodeException;
import dev.trialstream.core.message.TrialMessage;
import dev.trialstream.kafka.KafkaErrors;
import dev.trialstream.kafka.BlobStore;
import dev.trialstream.kafka.DeadLetters;
import dev.trialstream.kafka.Topics;
import dev.trialstream.worker.metrics.WorkerMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker slot: polls the trials topic, takes several trials at once (as many as its
 * {@link PackBudget} allows, see {@link TakeSizer}) and hands the take to its own training thread
 * with every assigned partition paused (so polling, and group membership, go on while it trains),
 * then publishes the take's terminal events (built by {@link Publications}) and commits its
 * offsets in one transaction (see {@link Settlement} for a take that ends partly given up). This
 * class only polls, hands off and commits.
 *
 * <p>Errors are sorted by {@link Failure}: a broker outage of any length is waited out (the
 * finished trial's outcome is kept and its commit retried, never retrained or dead-lettered for
 * it); a partition the group took away is let go; a fatal error stops the slot and marks it
 * {@link #failure() failed}, which fails the worker's liveness so the process is restarted. A
 * commit the broker lost after telling the slot it committed ({@link OwnCommits}) is found before
 * the slot's next commit and when it is idle, and the trials from the group's offset on are taken again.
 *
 * <p>Before a take trains, the slot counts a start of each of its records in the group's offsets
 * ({@link Attempts}): a record started {@value #MAX_ATTEMPTS} times without ending, in whatever
 * processes (one that killed its worker's process each time, say), is given up instead of trained.
 */
final class TrialSlot implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(TrialSlot.class);
    private static final int MAX_ATTEMPTS = 3;
    private static final Duration IDLE_COMMIT_INTERVAL = Duration.ofSeconds(5);

    private final String name;
    private final String workerId;
    private final Consumer<String, byte[]> consumer;
    private final GroupOffsets groupOffsets;
    private final SlotTransactions transactions;
    private final ExecutorService training;
    private final TrialExecution execution;
    private final StartReceipts starts;
    private final Topics topics;
    private final MessageCodec codec;
    private final DeadLetters deadLetters;
    private final Duration pollInterval;
    private final Duration handBackWait;
    private final BlobStore blobs;
    private final Publications publications;
    /** Per partition held, the starts without an end of its records ({@link Attempts}), as last read or written. */
    private final Map<TopicPartition, Attempts> attempts = new HashMap<>();
    /** The last take of one record that failed as a whole here, and why: named when that record is given up. */
    private Failed lastFailure;
    private long lastIdleCommit;
    private final WorkerMetrics metrics;
    private final Backoff backoff;
    private volatile boolean running = true;
    private volatile boolean halted;
    private volatile String failure;
    private volatile boolean waiting;
    /** Whether the wait is for the group's offsets, held by an open transaction, rather than for the broker. */
    private boolean waitingForOffsets;
    private final TakeSizer sizer;
    private final OwnCommits own = new OwnCommits();
    private final StartCounting counting;
    private InFlight inFlight;

    /**
     * @param producers makes the slot's transactional producer, again after one broke (same
     *                  transactional id, so the new one fences the old)
     */
    TrialSlot(String name, String workerId, Consumer<String, byte[]> consumer,
              Supplier<Producer<String, byte[]>> producers, ExecutorService training, TrialExecution execution,
              StartReceipts starts, Topics topics, MessageCodec codec, Clock clock,
              Duration pollInterval, Duration handBackWait, PackBudget budget, WorkerMetrics metrics,
              StartCounting counting) {
        this.name = name;
        this.counting = counting;
        this.workerId = workerId;
        this.consumer = consumer;
        this.groupOffsets = new GroupOffsets(consumer);
        this.transactions = new SlotTransactions(name, producers);
        this.backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));
        this.training = training;
        this.execution = execution;
        this.starts = starts;
        this.topics = topics;
        this.codec = codec;
        this.deadLetters = new DeadLetters(topics, clock);
        this.pollInterval = pollInterval;
        this.handBackWait = handBackWait;
        this.metrics = metrics;
        BlobChunker chunker = new BlobChunker();
        this.blobs = new BlobStore(codec, chunker);
        this.publications = new Publications(name, workerId, starts, topics, codec, chunker, clock);
        this.sizer = new TakeSizer(budget);
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topics.trials()), new Rebalance());
            while (running) {
                try {
                    step();
                    if (waiting) {
                        LOG.info(waitingForOffsets ? "{}: the group's offsets can be read again" : "{}: Kafka answers again",
                                name);
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
        } catch (RuntimeException | Error e) {
            // By another process with this worker's ids.
            Optional<Throwable> fenced = KafkaErrors.cause(e, FencedInstanceIdException.class, ProducerFencedException.class);
            if (fenced.isPresent()) {
                // Kafka's own text names group.instance.id or transactional.id; the user gave --worker-id.
                // Restarting this worker would only fence the other one in turn.
                failure = "another worker runs with --worker-id " + workerId + " (it took over this slot's group"
                        + " membership and transactions): give every worker its own --worker-id ("
                        + fenced.get().getMessage() + ")";
                LOG.error("{}: cannot go on: {}", name, failure);
                return;
            }
            // An Error too (out of memory, say): the thread ends either way, and only a failure
            // recorded here fails the worker's liveness so that the process is restarted.
            failure = e.toString();
            LOG.error("{}: cannot go on, the process must be restarted: {}", name, e.toString(), e);
        } finally {
            shutDown();
        }
    }

    /** One round: poll, hand a take off, commit a finished one, or tidy offsets when idle. */
    private void step() throws InterruptedException {
        transactions.ready();
        List<ConsumerRecord<String, byte[]>> polled = poll();
        if (!polled.isEmpty()) {
            accept(polled);
        }
        if (inFlight != null && inFlight.done()) {
            complete();
        } else if (polled.isEmpty() && inFlight == null) {
            commitPastMarkersWhenIdle();
        }
    }

    /** A retriable error (the broker is away): wait, longer each time up to a few seconds, and go on. */
    private void pause(KafkaException e) throws InterruptedException {
        if (!waiting) {
            String kept = inFlight != null && inFlight.done() ? "; the finished take's results are kept until they commit" : "";
            waitingForOffsets = e instanceof GroupOffsets.HeldOffsets;
            if (waitingForOffsets) {
                LOG.warn("{}: waiting: {}{}", name, e.getMessage(), kept);
            } else {
                LOG.warn("{}: waiting for Kafka ({}){}", name, e.toString(), kept);
            }
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
     * Polls; a wakeup means either "stop" or "your take finished" (the training thread wakes the
     * poll so the results are committed at once instead of after the poll interval).
     */
    private List<ConsumerRecord<String, byte[]>> poll() {
        try {
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            consumer.poll(pollInterval).forEach(records::add);
            return records;
        } catch (WakeupException e) {
            return List.of();
        }
    }

    /**
     * Graceful stop: the in-flight take (if any) stops at its next epoch boundary; what of it had
     * ended commits, the rest is handed back uncommitted. Called from any thread.
     */
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

    /**
     * Takes the records of a poll that fit one take ({@link TakeSizer}) and hands them to training;
     * the records past it are put back (the consumer is rewound to them). An undecodable record is
     * dead-lettered when it leads its partition; behind a taken record of its partition it is put
     * back, to lead a later take (dead-lettering it now would commit past the taken ones).
     */
    private void accept(List<ConsumerRecord<String, byte[]>> records) {
        TakeSizer.Take room = sizer.take();
        List<InFlight.Taken> taken = new ArrayList<>();
        Set<TopicPartition> takenFrom = new HashSet<>();
        Map<TopicPartition, Long> putBack = new LinkedHashMap<>();
        Map<TopicPartition, Long> unsettled = new LinkedHashMap<>();
        records.forEach(r -> unsettled.putIfAbsent(partition(r), r.offset()));
        boolean alone = false;
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = groupOffsets.committed(unsettled.keySet());
            Map<TopicPartition, Long> lost = lost(committed);
            if (!lost.isEmpty()) {
                unsettled.forEach(this::seekBack);
                lost.forEach(this::seekBack); // polled again from the group's offset
                return;
            }
            // Where each partition's offset is: a take's start is counted there, never moving it.
            Map<TopicPartition, Long> at = readAttempts(committed);
            for (ConsumerRecord<String, byte[]> record : records) {
                TopicPartition partition = partition(record);
                if (putBack.containsKey(partition)) {
                    continue;
                }
                if (room.full() || alone) {
                    putBack.put(partition, record.offset());
                    continue;
                }
                TrialMessage message;
                try {
                    message = codec.decode(record.value(), TrialMessage.class);
                } catch (MessageDecodeException e) {
                    if (takenFrom.contains(partition) || !deadLetter(record, e, "cannot be read")) {
                        putBack.put(partition, record.offset());
                    } else {
                        unsettled.put(partition, record.offset() + 1);
                        at.put(partition, record.offset() + 1);
                    }
                    continue;
                }
                int started = attempts(partition).of(record.offset());
                if (started >= MAX_ATTEMPTS) {
                    if (takenFrom.contains(partition) || !giveUpUnended(record, started)) {
                        putBack.put(partition, record.offset());
                    } else {
                        unsettled.put(partition, record.offset() + 1);
                        at.put(partition, record.offset() + 1);
                    }
                    continue;
                }
                // Started before and never ended: perhaps it killed its worker's process, so it is
                // taken alone, and the culprit of a pack is found as after a crash.
                if ((started > 0 && !taken.isEmpty()) || !room.add(message.searchId())) {
                    putBack.put(partition, record.offset()); // leads a later take
                    continue;
                }
                alone = started > 0;
                takenFrom.add(partition);
                String attempt = UUID.randomUUID().toString().substring(0, 8);
                taken.add(new InFlight.Taken(record, new PackMember(message, attempt, new AbandonSignal())));
            }
            if (!taken.isEmpty() && !countStarts(taken, at)) {
                unsettled.forEach(this::seekBack);
                return;
            }
        } catch (KafkaException e) {
            // The broker went away while dead-lettering: nothing of this poll was handed off yet.
            unsettled.forEach(this::seekBack);
            throw e;
        }
        putBack.forEach(this::seekBack);
        if (taken.isEmpty()) {
            return;
        }
        consumer.pause(consumer.assignment());
        List<PackMember> members = taken.stream().map(InFlight.Taken::member).toList();
        inFlight = new InFlight(taken, training.submit(() -> {
            try {
                return execution.run(members);
            } finally {
                consumer.wakeup();
            }
        }));
    }

    private static TopicPartition partition(ConsumerRecord<String, byte[]> record) {
        return new TopicPartition(record.topic(), record.partition());
    }

    /** How a commit attempt ended. */
    private enum Commit {
        /** Published and committed (or found committed by an earlier attempt). */
        DONE,
        /** The group rebalanced: rejoin, then try again with the same outcomes. */
        AGAIN,
        /** Failed for good: the take was rewound (or its one record dead-lettered). */
        GIVEN_UP
    }

    private void complete() throws InterruptedException {
        if (halted) {
            // Halting closes the progress producer, which can end trials as failed; a dead
            // process commits nothing, so neither does this slot. halted is set before the close.
            return;
        }
        InFlight done = inFlight;
        done.lost(lostCommits(own.partitions()));
        List<Outcome> outcomes = done.outcomes();
        Optional<Outcome.Abandoned> crash = outcomes.stream()
                .flatMap(o -> o instanceof Outcome.Abandoned a && a.crash() ? java.util.stream.Stream.of(a)
                        : java.util.stream.Stream.empty()).findFirst();
        if (crash.isPresent()) {
            inFlight = null;
            forgetStarts(done);
            LOG.info("{}: gave up a take of {} ({}); it will be delivered again", name, Plural.of(done.size(), "trial"),
                    crash.get().reason());
            // A record that keeps crashing its training thread is poison, not bad luck.
            giveUp(done, new IllegalStateException(crash.get().reason()));
            done.lostFrom().forEach(this::seekBack);
            consumer.resume(consumer.assignment());
            return;
        }
        // Recomputed on every attempt: a partition revoked meanwhile drops out of the commit.
        Settlement settlement = Settlement.of(done.taken(), outcomes, done.revoked());
        Commit commit = settlement.commitsNothing() ? Commit.DONE : commit(done, outcomes, settlement);
        if (commit == Commit.AGAIN) {
            // As after a retriable error (thrown to the caller, which pauses): inFlight stays and the
            // commit is tried again with the same outcomes.
            return;
        }
        inFlight = null;
        forgetStarts(done);
        if (commit == Commit.DONE) {
            settlement.rewinds().forEach((partition, offset) -> {
                LOG.info("{}: gave up {}@{} and what followed it in the take; delivered again", name, partition, offset);
                seekBack(partition, offset);
            });
            if (!settlement.commitsNothing()) {
                metrics.take(settlement.publish().size());
            }
            if (settlement.publish().size() == done.size()) {
                sizer.took(done.taken().stream().map(t -> t.member().message().searchId()).toList(), done.elapsed());
            }
        }
        // After the take's own rewinds: a lost commit sets its partition back further.
        done.lostFrom().forEach(this::seekBack);
        consumer.resume(consumer.assignment());
    }

    /**
     * Publishes the settled outcomes and commits their offsets in one transaction. Every message is
     * built before the transaction opens, so only Kafka can fail inside it. A retriable failure is
     * rethrown (the caller pauses and calls again with the same outcomes). A commit the group
     * rejected because it rebalanced meanwhile answers {@link Commit#AGAIN}: the next poll rejoins,
     * and the commit is tried again without the partitions that were revoked (their new owner redoes
     * those trials). Any other failure gives the take up ({@link #giveUp}), so one bad trial cannot
     * stall the slot.
     */
    private Commit commit(InFlight done, List<Outcome> outcomes, Settlement settlement) {
        Map<TopicPartition, OffsetAndMetadata> offsets = carryingAttempts(settlement.offsets());
        if (done.attempted() && committed(offsets)) {
            // An earlier attempt's commit timed out, yet the broker had committed it.
            LOG.info("{}: a take of {} was committed by an earlier attempt", name, Plural.of(done.size(), "trial"));
            committedWithAttempts(offsets);
            return Commit.DONE;
        }
        List<Publications.Publication> sends = new ArrayList<>();
        for (int i : settlement.publish()) {
            ConsumerRecord<String, byte[]> record = done.taken().get(i).record();
            try {
                sends.add(publications.of(outcomes.get(i), done.taken().get(i).member().attempt()));
            } catch (RuntimeException e) {
                LOG.error("{}: cannot publish the outcome of {}@{}: {}", name, partition(record), record.offset(),
                        e.toString());
                metrics.deadLetter();
                sends.add(Publications.Publication.of(publications.record(topics.deadLetters(), record.key(),
                        deadLetters.of(record, e))));
            }
        }
        done.attempt();
        try {
            transact(offsets, producer -> {
                sends.forEach(publication -> publication.sendWith(producer, blobs, topics.models()));
            });
            committedWithAttempts(offsets);
            return Commit.DONE;
        } catch (KafkaException e) {
            switch (Failure.of(e)) {
                case RETRIABLE, FATAL -> throw e;
                case REBALANCED -> {
                    // Typically a member left or joined while this take trained: the partitions
                    // usually stay here (cooperative assignment), and the commit then succeeds
                    // under the new generation, without training the trials again.
                    LOG.info("{}: the group rebalanced before a take of {} committed ({}); committing again after "
                            + "rejoining", name, Plural.of(done.size(), "trial"), e.getMessage());
                    return Commit.AGAIN;
                }
                default -> {
                    LOG.warn("{}: could not commit a take of {}, aborted: {}", name, Plural.of(done.size(), "trial"),
                            e.toString());
                    giveUp(done, e);
                    return Commit.GIVEN_UP;
                }
            }
        }
    }

    /**
     * A take failed as a whole (its training crashed, its transaction was refused): it is rewound.
     * Its records were started without ending, so they are taken again one by one, which finds the
     * culprit of a bigger take; a record started {@value #MAX_ATTEMPTS} times is then given up
     * (see {@link #accept}), naming this cause.
     */
    private void giveUp(InFlight done, Exception cause) {
        if (done.size() == 1) {
            InFlight.Taken only = done.taken().get(0);
            lastFailure = new Failed(only.partition(), only.offset(), cause);
        } else {
            sizer.failed(done.size());
        }
        rewind(done);
    }

    /** A take of one record that failed as a whole here. */
    private record Failed(TopicPartition partition, long offset, Exception cause) {
    }

    /** Whether the group's committed offsets are already at {@code offsets} (read from the broker). */
    private boolean committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        Map<TopicPartition, OffsetAndMetadata> committed = groupOffsets.committed(offsets.keySet());
        return offsets.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                && committed.get(e.getKey()).offset() >= e.getValue().offset());
    }

    /**
     * Runs {@code sends} and commits {@code offsets} in one transaction. A fatal or retriable
     * error is rethrown; any other is returned, for the caller to rewind or dead-letter.
     */
    private Optional<KafkaException> inTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
                                                   java.util.function.Consumer<Producer<String, byte[]>> sends) {
        try {
            transact(offsets, sends);
            own.record(offsets);
            return Optional.empty();
        } catch (KafkaException e) {
            Failure kind = Failure.of(e);
            if (kind == Failure.FATAL || kind == Failure.RETRIABLE) {
                throw e;
            }
            return Optional.of(e);
        }
    }

    /**
     * Runs {@code sends} and commits {@code offsets} in one transaction, the start counts in their
     * metadata unless the broker refused them ({@link StartCounting}): a refusal is tried again at
     * once without them. The slot's own count ({@link #attempts}) is kept from {@code offsets} either way.
     */
    private void transact(Map<TopicPartition, OffsetAndMetadata> offsets,
                          java.util.function.Consumer<Producer<String, byte[]>> sends) {
        Map<TopicPartition, OffsetAndMetadata> sent = counting.fit(offsets);
        try {
            transactions.run(sent, consumer.groupMetadata(), sends);
        } catch (KafkaException e) {
            if (!counting.refusedBy(e, sent, name)) {
                throw e;
            }
            transactions.run(counting.fit(offsets), consumer.groupMetadata(), sends);
        }
    }

    /**
     * Gives up a record started {@code started} times without ending ({@link Attempts}) instead
     * of training it again: dead-lettered, and its trial ended as failed. When this slot saw its
     * last attempt fail, that failure is named; otherwise each attempt's process stopped during it.
     * Whether that worked (else it is put back).
     */
    private boolean giveUpUnended(ConsumerRecord<String, byte[]> record, int started) {
        if (lastFailure != null && lastFailure.partition().equals(partition(record))
                && lastFailure.offset() == record.offset()) {
            return deadLetter(record, lastFailure.cause(), "failed " + started + " times in a row");
        }
        return deadLetter(record, new IllegalStateException("a worker process died during it: a native crash or "
                + "the container's memory limit?"), "started " + started + " times and its worker stopped each time "
                + "before it ended");
    }

    /**
     * Keeps the starts the group's offsets carry (or, where the broker refused them, this slot's
     * own from the group's offset on); answers the offsets (none for a partition without one).
     */
    private Map<TopicPartition, Long> readAttempts(Map<TopicPartition, OffsetAndMetadata> committed) {
        Map<TopicPartition, Long> at = new HashMap<>();
        committed.forEach((partition, offset) -> {
            attempts.put(partition, counting.carried() ? Attempts.of(offset)
                    : attempts(partition).from(offset == null ? 0 : offset.offset()));
            if (offset != null) {
                at.put(partition, offset.offset());
            }
        });
        return at;
    }

    private Attempts attempts(TopicPartition partition) {
        return attempts.getOrDefault(partition, Attempts.NONE);
    }

    /**
     * Counts a start of each of the take's records in the group's offsets before any trains: if
     * this process dies during them, the next worker knows. Each partition's offset stays where it
     * is ({@code at}; one without, on its first taken record). Whether it was committed; if not,
     * the take is not trained (put back).
     */
    private boolean countStarts(List<InFlight.Taken> taken, Map<TopicPartition, Long> at) {
        Map<TopicPartition, List<Long>> offsets = new LinkedHashMap<>();
        taken.forEach(t -> offsets.computeIfAbsent(t.partition(), p -> new ArrayList<>()).add(t.offset()));
        Map<TopicPartition, Attempts> counted = new LinkedHashMap<>();
        Map<TopicPartition, OffsetAndMetadata> marks = new LinkedHashMap<>();
        offsets.forEach((partition, started) -> {
            counted.put(partition, attempts(partition).start(started));
            marks.put(partition, counted.get(partition).at(at.getOrDefault(partition, started.get(0))));
        });
        if (!counting.carried()) {
            attempts.putAll(counted); // the broker refuses counts: this slot's own, no commit that would carry nothing
            return true;
        }
        Optional<KafkaException> failed = inTransaction(marks, producer -> { });
        if (failed.isPresent() && Failure.of(failed.get()) == Failure.REBALANCED) {
            LOG.info("{}: the group rebalanced before the start of a take of {} was counted ({}); put back, taken "
                    + "again after rejoining", name, Plural.of(taken.size(), "trial"), failed.get().getMessage());
            return false;
        }
        if (failed.isPresent()) {
            LOG.warn("{}: could not count the start of a take of {} ({}); put back", name,
                    Plural.of(taken.size(), "trial"), failed.get().toString());
            return false;
        }
        attempts.putAll(counted);
        return true;
    }

    /** {@code offsets} with the starts of the records from each on. */
    private Map<TopicPartition, OffsetAndMetadata> carryingAttempts(Map<TopicPartition, OffsetAndMetadata> offsets) {
        Map<TopicPartition, OffsetAndMetadata> carrying = new LinkedHashMap<>();
        offsets.forEach((partition, offset) -> carrying.put(partition, attempts(partition).at(offset.offset())));
        return carrying;
    }

    /** {@code offsets} committed: the starts of the records before them are gone with them. */
    private void committedWithAttempts(Map<TopicPartition, OffsetAndMetadata> offsets) {
        own.record(offsets);
        offsets.forEach((partition, offset) -> attempts.put(partition, Attempts.of(offset)));
    }

    /** The take is settled (committed, given up or handed back): its starts need no keeping. */
    private void forgetStarts(InFlight done) {
        done.taken().forEach(taken -> starts.forget(taken.member().attempt()));
    }

    /**
     * Dead-letters the record and commits past it, alone; whether that worked (else it is put back).
     * A trial or final-fit request ends as failed in the same transaction (its search would wait for
     * it for good otherwise), the failure saying why ({@code why}: "failed 3 times in a row", say).
     */
    private boolean deadLetter(ConsumerRecord<String, byte[]> record, Exception error, String why) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        DeadLetter letter = deadLetters.of(record, error);
        metrics.deadLetter();
        LOG.warn("{}: {}@{} sent to {}: {}", name, partition, record.offset(), topics.deadLetters(), error.getMessage());
        Optional<ProducerRecord<String, byte[]>> failure = publications.failureOf(record.value(),
                why + " (" + error.getMessage() + "), so given up: sent to " + topics.deadLetters());
        Optional<KafkaException> failed;
        try {
            failed = inTransaction(Map.of(partition, attempts(partition).at(record.offset() + 1)), producer -> {
                producer.send(publications.record(topics.deadLetters(), record.key(), letter));
                failure.ifPresent(producer::send);
            });
        } catch (KafkaException e) {
            seekBack(partition, record.offset()); // the broker is away: polled again once it is back
            throw e;
        }
        failed.ifPresent(e -> {
            LOG.warn("{}: could not dead-letter {}@{}, will retry: {}", name, partition, record.offset(), e.toString());
            seekBack(partition, record.offset());
        });
        if (failed.isEmpty()) {
            attempts.put(partition, attempts(partition).from(record.offset() + 1));
        }
        return failed.isEmpty();
    }

    private void seekBack(TopicPartition partition, long offset) {
        if (consumer.assignment().contains(partition)) {
            consumer.seek(partition, offset);
        }
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
        Map<TopicPartition, OffsetAndMetadata> advance = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> committed = groupOffsets.committed(consumer.assignment());
        Map<TopicPartition, Long> lost = lost(committed);
        lost.forEach(this::seekBack);
        for (TopicPartition partition : consumer.assignment()) {
            if (lost.containsKey(partition)) {
                continue;
            }
            long position = consumer.position(partition);
            OffsetAndMetadata current = committed.get(partition);
            if (current != null && current.offset() < position) {
                advance.put(partition, Attempts.of(current).at(position));
            }
        }
        if (!advance.isEmpty()) {
            inTransaction(advance, producer -> { }); // a failure is retried on the next idle poll
        }
    }

    /** The partitions of {@code partitions} whose commit by this slot the broker lost (see {@link OwnCommits}). */
    private Map<TopicPartition, Long> lostCommits(Set<TopicPartition> partitions) {
        return partitions.isEmpty() ? Map.of() : lost(groupOffsets.committed(partitions));
    }

    private Map<TopicPartition, Long> lost(Map<TopicPartition, OffsetAndMetadata> inGroup) {
        Map<TopicPartition, Long> lost = own.lost(inGroup);
        lost.keySet().forEach(attempts::remove); // read again: the lost commit's count went with it
        lost.forEach((partition, offset) -> LOG.warn("{}: the group's offset on {} is back at {}, below what this "
                + "slot committed: the broker lost a committed transaction (a restarted broker can drop its "
                + "markers); the trials from {} on are taken again", name, partition, offset, offset));
        return lost;
    }

    /** Puts the consumer back on the take's first record of every partition still this slot's. */
    private void rewind(InFlight done) {
        Map<TopicPartition, Long> firsts = new LinkedHashMap<>();
        done.taken().forEach(t -> firsts.putIfAbsent(t.partition(), t.offset()));
        firsts.forEach((partition, offset) -> {
            if (!done.revoked().contains(partition)) {
                seekBack(partition, offset);
            }
        });
    }

    /**
     * On a graceful stop, the trials of the take that ended before it (an earlier pack of the take,
     * or a take whose commit was under way) are committed as usual, so that only the trials stopped
     * mid-way are trained again; before, the whole take was handed back, and a take of several
     * trials lost every one that had completed. Skipped while Kafka is away (the stop would wait
     * for it); any failure leaves the take handed back uncommitted, as before.
     */
    private void commitWhatEnded() throws InterruptedException {
        if (waiting || !inFlight.done()) {
            return;
        }
        try {
            try {
                complete();
            } catch (WakeupException e) {
                complete(); // the stop's own wakeup was still pending and cut the first try short; it is spent now
            }
        } catch (KafkaException e) {
            LOG.info("{}: the trials that ended before the stop could not be committed ({}); handed back", name,
                    e.toString());
        }
    }

    /**
     * A graceful stop hands the take's unended trials back: their start here was no death of the
     * process, so it comes off their count ({@link Attempts}). Skipped while Kafka is away; on a
     * failure they stay counted (a trial then needs fewer deaths to be given up).
     */
    private void uncountHandedBack(InFlight take) {
        Set<TopicPartition> held = new HashSet<>();
        take.taken().forEach(t -> held.add(t.partition()));
        held.removeAll(take.revoked());
        held.retainAll(consumer.assignment());
        if (!waiting) {
            uncount(take, held, "handed back");
        }
    }

    /**
     * Takes one start off the count of each of the take's records on {@code partitions} that the
     * group's offset has not passed, committed at once (the offset stays where it is). Whether that
     * worked does not change what the slot does next: on a failure they stay counted.
     */
    private void uncount(InFlight take, Set<TopicPartition> partitions, String why) {
        if (partitions.isEmpty() || !counting.carried()) {
            return;
        }
        try {
            Map<TopicPartition, OffsetAndMetadata> released = new LinkedHashMap<>();
            groupOffsets.committed(partitions).forEach((partition, committed) -> {
                if (committed == null) {
                    return;
                }
                List<Long> back = take.taken().stream().filter(t -> t.partition().equals(partition)
                        && t.offset() >= committed.offset()).map(InFlight.Taken::offset).toList();
                if (!back.isEmpty()) {
                    released.put(partition, Attempts.of(committed).handBack(back).at(committed.offset()));
                }
            });
            if (!released.isEmpty()) {
                inTransaction(released, producer -> { }).ifPresent(e -> LOG.info(
                        "{}: the trials {} stay counted as started ({})", name, why, e.toString()));
            }
        } catch (KafkaException e) {
            LOG.info("{}: the trials {} stay counted as started ({})", name, why, e.toString());
        }
    }

    private void shutDown() {
        try {
            if (inFlight != null) {
                InFlight take = inFlight;
                take.handBack(halted ? "worker halted" : "worker shutting down");
                if (!halted) {
                    take.await(handBackWait);
                    commitWhatEnded();
                    uncountHandedBack(take);
                }
                // Settled here: the revocation the close below runs finds nothing to uncount again.
                inFlight = null;
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

    /** Keeps a busy slot's partitions paused, and takes the in-flight trials of a partition away when it goes. */
    private final class Rebalance implements ConsumerRebalanceListener {

        /**
         * The partitions go to another member, and this one still owns them: the trials of the
         * take on them stop, and their start here, no death of the process, comes off their count
         * ({@link Attempts}), as on a graceful stop. Before, it stayed counted, and a healthy trial
         * revoked three times (workers scaled up or down, other workers restarted) was given up as
         * one that killed its worker three times. Committed here, before the next owner reads the
         * offsets: in a cooperative rebalance this runs under the new generation with the
         * assignment not yet changed (ConsumerCoordinator.onJoinComplete), and the coordinator
         * checks a transactional offset commit's member and generation, not which partitions it
         * owns (ClassicGroup.validateOffsetCommit); Kafka Streams commits its revoked tasks'
         * transactions from this callback the same way.
         */
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (inFlight != null && !halted) {
                Set<TopicPartition> revoking = new HashSet<>(partitions);
                revoking.retainAll(inFlight.taken().stream().map(InFlight.Taken::partition).toList());
                revoking.removeAll(inFlight.revoked()); // uncounted when first revoked
                uncount(inFlight, revoking, "of a revoked partition");
            }
            letGo(partitions);
        }

        /**
         * The session expired or the member was fenced: the partitions may be another member's
         * already, and this one can no longer commit for them. Their trials' starts stay counted
         * (a trial revoked that way three times is given up, as a crash loop would be).
         */
        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            letGo(partitions);
        }

        private void letGo(Collection<TopicPartition> partitions) {
            own.forget(partitions);
            attempts.keySet().removeAll(partitions);
            if (inFlight != null) {
                inFlight.revoke(partitions);
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (inFlight != null) {
                consumer.pause(partitions);
            }
        }
    }
}
