package dev.trialstream.core.testing;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The tests' clocks: in UTC, whatever zone is asked for; each says only what the time is. */
public abstract class UtcTestClock extends Clock {

    @Override
    public final ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public final Clock withZone(ZoneId zone) {
        return this;
    }
}
