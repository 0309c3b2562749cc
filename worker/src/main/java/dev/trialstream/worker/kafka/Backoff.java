package dev.trialstream.worker.kafka;

import java.time.Duration;

/** Exponential pauses between retries while Kafka is away: first {@code min}, doubling up to {@code max}. */
final class Backoff {

    private final Duration min;
    private final Duration max;
    private Duration next;

    Backoff(Duration min, Duration max) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < min <= max, found min " + min + ", max " + max);
        }
        this.min = min;
        this.max = max;
        this.next = min;
    }

    /** The pause to take now; the one after is twice as long, at most {@code max}. */
    Duration next() {
        Duration now = next;
        next = next.multipliedBy(2).compareTo(max) > 0 ? max : next.multipliedBy(2);
        return now;
    }

    /** After a success: the next pause is {@code min} again. */
    void reset() {
        next = min;
    }
}
