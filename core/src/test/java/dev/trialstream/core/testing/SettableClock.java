package dev.trialstream.core.testing;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** A UTC clock that stands still until a test sets or advances it: for tests that let time pass. */
public final class SettableClock extends UtcTestClock {

    private final AtomicLong millis;

    /** At the epoch. */
    public SettableClock() {
        this(0);
    }

    public SettableClock(long epochMillis) {
        this.millis = new AtomicLong(epochMillis);
    }

    public void set(long epochMillis) {
        millis.set(epochMillis);
    }

    /** @return the new time, in epoch millis */
    public long advance(long byMillis) {
        return millis.addAndGet(byMillis);
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }
}
