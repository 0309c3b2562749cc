package dev.trialstream.worker.kafka;

import dev.trialstream.worker.trial.Outcome;
import dev.trialstream.worker.trial.AbandonSignal;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** The one record a slot is working on, and the training that will end it. Poll-thread owned. */
final class InFlight {

    private final ConsumerRecord<String, byte[]> record;
    private final TopicPartition partition;
    private final AbandonSignal abandon;
    private final Future<Outcome> result;
    private boolean revoked;

    /**
     * @param abandon what the training reads at each epoch boundary: set, it stops
     * @param result  the training under way
     */
    InFlight(ConsumerRecord<String, byte[]> record, AbandonSignal abandon, Future<Outcome> result) {
        this.record = record;
        this.partition = new TopicPartition(record.topic(), record.partition());
        this.abandon = abandon;
        this.result = result;
    }

    ConsumerRecord<String, byte[]> record() {
        return record;
    }

    TopicPartition partition() {
        return partition;
    }

    long offset() {
        return record.offset();
    }

    /** Asks the training to stop at its next epoch boundary; whatever it returns is discarded. */
    void abandon(String reason) {
        abandon.raise(reason);
    }

    /** The partition went to another consumer: this slot may no longer commit for it. */
    void revoke() {
        revoked = true;
        abandon("partition " + partition + " revoked");
    }

    boolean revoked() {
        return revoked;
    }

    boolean done() {
        return result.isDone();
    }

    /** The outcome; an unexpected training crash becomes an abandonment (the trial is redelivered). */
    Outcome outcome() throws InterruptedException {
        try {
            Outcome outcome = result.get();
            return outcome instanceof Outcome.Abandoned ? outcome
                    : abandon.reason().<Outcome>map(Outcome.Abandoned::new).orElse(outcome);
        } catch (ExecutionException e) {
            return new Outcome.Abandoned("training thread crashed: " + e.getCause(), true);
        }
    }

    /** Waits up to {@code wait} for the training to reach an epoch boundary and return. */
    void await(Duration wait) throws InterruptedException {
        try {
            result.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Either way the trial is handed back uncommitted; nothing more to wait for.
        }
    }
}
