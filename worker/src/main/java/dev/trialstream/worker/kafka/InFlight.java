package dev.trialstream.worker.kafka;

import dev.trialstream.worker.trial.Outcome;
import dev.trialstream.worker.trial.PackMember;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** The take a slot is working on (its records, in poll order) and the training that will end them. Poll-thread owned. */
final class InFlight {

    /** One record of the take and its member of the training. */
    record Taken(ConsumerRecord<String, byte[]> record, PackMember member) {

        TopicPartition partition() {
            return new TopicPartition(record.topic(), record.partition());
        }

        long offset() {
            return record.offset();
        }
    }

    private final List<Taken> taken;
    private final Future<List<Outcome>> result;
    private final long startedNanos = System.nanoTime();
    private final Set<TopicPartition> revoked = new HashSet<>();
    private final Map<TopicPartition, Long> lostFrom = new LinkedHashMap<>();
    private boolean attempted;
    private boolean handedBack;

    /**
     * @param taken  the records, each with the abandon signal its training reads at every epoch boundary
     * @param result the training under way: one outcome per record, in order
     */
    InFlight(List<Taken> taken, Future<List<Outcome>> result) {
        this.taken = List.copyOf(taken);
        this.result = result;
    }

    List<Taken> taken() {
        return taken;
    }

    int size() {
        return taken.size();
    }

    /** Since the take was handed to its training thread. */
    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /**
     * The worker is stopping: every member still training stops at its next epoch boundary and is
     * handed back; a member that had already ended keeps its outcome, which may still commit
     * (a graceful stop keeps the work done, see {@link #outcomes()}).
     */
    void handBack(String reason) {
        handedBack = true;
        taken.forEach(t -> t.member().abandon().raise(reason));
    }

    /**
     * Partitions went to another consumer: this slot may no longer commit for them, and their
     * members stop at their next epoch boundary; the members of other partitions go on.
     */
    void revoke(Collection<TopicPartition> partitions) {
        for (Taken t : taken) {
            if (partitions.contains(t.partition())) {
                revoked.add(t.partition());
                t.member().abandon().raise("partition " + t.partition() + " revoked");
            }
        }
    }

    Set<TopicPartition> revoked() {
        return Set.copyOf(revoked);
    }

    /**
     * An earlier commit of this slot was lost on these partitions (see {@link OwnCommits}): their
     * members stop and commit nothing (their trials come again, after the lost ones), and each
     * partition is polled again from the given offset once the take is settled.
     */
    void lost(Map<TopicPartition, Long> from) {
        from.forEach((partition, offset) -> lostFrom.merge(partition, offset, Math::min));
        for (Taken t : taken) {
            if (from.containsKey(t.partition())) {
                t.member().abandon().raise("an earlier commit on " + t.partition() + " was lost");
            }
        }
    }

    /** Where each partition whose earlier commit was lost is polled again from. */
    Map<TopicPartition, Long> lostFrom() {
        Map<TopicPartition, Long> from = new LinkedHashMap<>(lostFrom);
        from.keySet().removeAll(revoked);
        return from;
    }

    boolean holds(Collection<TopicPartition> partitions) {
        return taken.stream().anyMatch(t -> partitions.contains(t.partition()));
    }

    /** A commit of this take's outcomes was tried (it may have landed even if it seemed to fail). */
    void attempt() {
        attempted = true;
    }

    boolean attempted() {
        return attempted;
    }

    boolean done() {
        return result.isDone();
    }

    /**
     * One outcome per record: a member given up is {@link Outcome.Abandoned}, whatever its training
     * returned; a crashed training thread abandons every member, as a crash. A take handed back
     * ({@link #handBack}) keeps what its members had ended before the stop: only the training's own
     * {@link Outcome.Abandoned} (a member stopped mid-way) is given up, unless its partition was lost.
     */
    List<Outcome> outcomes() throws InterruptedException {
        List<Outcome> outcomes;
        try {
            outcomes = result.get();
        } catch (ExecutionException e) {
            Outcome crash = new Outcome.Abandoned("training thread crashed: " + e.getCause(), true);
            return taken.stream().map(t -> crash).toList();
        }
        List<Outcome> checked = new java.util.ArrayList<>();
        for (int i = 0; i < taken.size(); i++) {
            Outcome outcome = outcomes.get(i);
            boolean keep = handedBack && !lostFrom.containsKey(taken.get(i).partition());
            checked.add(outcome instanceof Outcome.Abandoned || keep ? outcome
                    : taken.get(i).member().abandon().reason().<Outcome>map(Outcome.Abandoned::new).orElse(outcome));
        }
        return checked;
    }

    /** Waits up to {@code wait} for the training to reach an epoch boundary and return. */
    void await(Duration wait) throws InterruptedException {
        try {
            result.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Either way the take is handed back uncommitted; nothing more to wait for.
        }
    }
}
