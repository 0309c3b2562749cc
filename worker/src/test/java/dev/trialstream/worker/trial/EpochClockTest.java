package dev.trialstream.worker.trial;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EpochClockTest {

    @Test
    void lap_isTheTimeSinceThePreviousLap() {
        AtomicLong nanos = new AtomicLong(1_000);
        EpochClock clock = new EpochClock(nanos::get);

        nanos.addAndGet(250_000_000);
        Duration first = clock.lap();
        nanos.addAndGet(40_000_000);
        Duration second = clock.lap();

        assertThat(first).isEqualTo(Duration.ofMillis(250));
        assertThat(second).isEqualTo(Duration.ofMillis(40));
    }

    @Test
    void lap_timesAStackedEpochOnceHoweverManyMembersReportIt() {
        AtomicLong nanos = new AtomicLong(0);
        EpochClock clock = new EpochClock(nanos::get);

        nanos.addAndGet(30_000_000);
        var firstMember = clock.lap(1);
        var secondMember = clock.lap(1);
        nanos.addAndGet(20_000_000);
        var nextEpoch = clock.lap(2);

        assertThat(firstMember).contains(Duration.ofMillis(30));
        assertThat(secondMember).isEmpty();
        assertThat(nextEpoch).contains(Duration.ofMillis(20));
    }
}
