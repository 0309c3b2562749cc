package dev.trialstream.worker.kafka;

import dev.trialstream.core.message.TrialStarted;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The starts of a worker's trials as sent on its plain progress producer, kept until each trial's
 * terminal event is committed. A start is best effort (a plain send, so that the leaderboard shows
 * the trial running at once), but the aggregator learns a trial's parameters from it, and a
 * completed trial without them can neither inform TPE nor be chosen for the final fit: its search
 * would wait for the start for good. So a start whose send failed, or is still unconfirmed, goes
 * again in the transaction of the terminal event, just before it (a repeat of a delivered start
 * changes nothing at the aggregator: same attempt).
 */
final class StartReceipts {

    private record Receipt(TrialStarted start, Future<?> delivery) {
    }

    /** By attempt id: each take of a trial is a new attempt with a start of its own. */
    private final ConcurrentMap<String, Receipt> byAttempt = new ConcurrentHashMap<>();

    /** The start was handed to the progress producer; {@code delivery} completes when the broker has it. */
    void sent(TrialStarted start, Future<?> delivery) {
        byAttempt.put(start.attempt(), new Receipt(start, delivery));
    }

    /**
     * The attempt's start to send with its terminal event: present when this worker sent it and its
     * delivery failed or is not confirmed yet. Asked again if that transaction is tried again.
     */
    Optional<TrialStarted> unconfirmed(String attempt) {
        Receipt receipt = byAttempt.get(attempt);
        if (receipt == null || delivered(receipt.delivery())) {
            return Optional.empty();
        }
        return Optional.of(receipt.start());
    }

    /** Forgets an attempt once its take is settled (committed, given up or handed back). */
    void forget(String attempt) {
        byAttempt.remove(attempt);
    }

    /** Attempts kept. */
    int size() {
        return byAttempt.size();
    }

    private static boolean delivered(Future<?> delivery) {
        if (!delivery.isDone()) {
            return false;
        }
        try {
            delivery.get();
            return true;
        } catch (ExecutionException | CancellationException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
