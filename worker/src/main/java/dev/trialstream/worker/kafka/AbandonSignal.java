package dev.trialstream.worker.kafka;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Tells a training thread, from the poll thread, to give its work up at the next epoch boundary
 * (partition revoked, worker shutting down). One-way and sticky: the first reason given wins.
 */
final class AbandonSignal {

    private final AtomicReference<String> reason = new AtomicReference<>();

    /** Asks the training to stop; a later call keeps the first reason. */
    void raise(String why) {
        reason.compareAndSet(null, why);
    }

    /** Why the work is to be given up, or empty while it goes on. */
    Optional<String> reason() {
        return Optional.ofNullable(reason.get());
    }
}
