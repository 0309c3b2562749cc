package dev.trialstream.worker.trial;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Times a pack's epochs one after another: each {@link #lap()} is the time since the previous one.
 * The members of a stacked pack report the same epoch one after another; {@link #lap(int)} times
 * such an epoch once.
 */
final class EpochClock {

    private final LongSupplier nanoTime;
    private long lapStarted;
    private int lastEpoch = -1;

    /** Starts timing the first epoch now. */
    EpochClock(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.lapStarted = nanoTime.getAsLong();
    }

    static EpochClock system() {
        return new EpochClock(System::nanoTime);
    }

    /** The time since the last lap (or the start), and starts the next. One training thread calls it. */
    Duration lap() {
        long now = nanoTime.getAsLong();
        Duration lap = Duration.ofNanos(now - lapStarted);
        lapStarted = now;
        return lap;
    }

    /**
     * The lap ending at a member's report of {@code epoch}, or empty when the previous report was of
     * the same epoch (another member of the same lockstep step, already timed).
     */
    Optional<Duration> lap(int epoch) {
        if (epoch == lastEpoch) {
            return Optional.empty();
        }
        lastEpoch = epoch;
        return Optional.of(lap());
    }
}
