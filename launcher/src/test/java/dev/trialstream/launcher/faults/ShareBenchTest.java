package dev.trialstream.launcher.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trialstream.launcher.faults.BenchTrialConsumer.FakeTrial;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts of {@code bench-share} that need no broker: its wire lines, its workloads, its settings. */
class ShareBenchTest {

    @Test
    void benchEvent_roundTripsThroughItsLine() {
        BenchEvent event = new BenchEvent(BenchEvent.Kind.START, "t3", "c2", 2, 1_796_221_623_414L);

        assertThat(event.encode()).isEqualTo("start t3 c2 2 1796221623414");
        assertThat(BenchEvent.decode(event.encode())).isEqualTo(event);
    }

    @Test
    void benchEvent_malformedLine() {
        assertThatThrownBy(() -> BenchEvent.decode("done t3 c2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bench event: expected 'KIND TRIAL CONSUMER DELIVERY MILLIS', found 'done t3 c2'");
    }

    @Test
    void imbalanceWorkload_isOneLongTrialAheadOfElevenShortOnes() {
        List<FakeTrial> trials = ShareBench.workload(ShareBench.Scenario.IMBALANCE);

        assertThat(trials).hasSize(12);
        assertThat(trials.get(0)).isEqualTo(new FakeTrial("t0", ShareBench.LONG_EPOCHS));
        assertThat(trials.subList(1, 12)).allSatisfy(t -> assertThat(t.epochs()).isEqualTo(ShareBench.SHORT_EPOCHS));
    }

    @Test
    void faultWorkload_leavesAConsumerIdle() {
        assertThat(ShareBench.workload(ShareBench.Scenario.KILL)).hasSizeLessThan(ShareBench.CONSUMERS);
    }

    @Test
    void settings_freezeShorterThanTheLock() {
        assertThatThrownBy(() -> new ShareBench.Settings(List.of(), List.of(ShareBench.Scenario.FREEZE), 1,
                Duration.ofSeconds(10), Duration.ofSeconds(8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must outlast the record lock (10 s)");
    }

    @Test
    void brokerOverrides_lowerTheShareGroupFloorsToTheWorkersSession() {
        assertThat(ShareBench.brokerOverrides())
                .containsEntry("group.share.min.session.timeout.ms", "6000")
                .containsEntry("group.share.min.record.lock.duration.ms", "5000");
    }
}
