package dev.trialstream.worker.trial;

import java.time.Duration;
import java.util.function.LongSupplier;

/** Times a trial's epochs one after another: each {@link #lap()} is the time since the previous one. */
final class EpochClock {

    private final LongSupplier nanoTime;
    private long lapStarted;

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
}
