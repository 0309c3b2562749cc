package dev.trialstream.worker.trial;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Tells a training thread, from the poll thread, to give its work up at the next epoch boundary
 * (partition revoked, worker shutting down). One-way and sticky: the first reason given wins.
 */
public final class AbandonSignal {

    private final AtomicReference<String> reason = new AtomicReference<>();

    /** Asks the training to stop; a later call keeps the first reason. */
    public void raise(String why) {
        reason.compareAndSet(null, why);
    }

    /** Why the work is to be given up, or empty while it goes on. */
    public Optional<String> reason() {
        return Optional.ofNullable(reason.get());
    }
}
