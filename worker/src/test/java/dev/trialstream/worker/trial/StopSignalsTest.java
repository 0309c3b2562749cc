package dev.trialstream.worker.trial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.core.message.RungCutoffs;
import dev.trialstream.core.pruning.RungCutoff;
import dev.trialstream.core.training.EpochReport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StopSignalsTest {

    private final AtomicLong nanos = new AtomicLong();
    private final StopSignals signals = new StopSignals(Duration.ofDays(7), nanos::get);

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    private static RungCutoffs cutoffAtEpoch5(String searchId, long at) {
        return new RungCutoffs(searchId, 3, List.of(new RungCutoff(5, 10.0, 6)), at);
    }

    private static EpochReport epoch5(double mse) {
        return new EpochReport(5, List.of(mse, mse, mse));
    }

    @Test
    void signals_stopTrialsOfACancelledSearchAndAtAFailedRung() {
        signals.stopTrial("t1", "median");
        signals.cancelSearch("s2", "by user");
        signals.cutoffs(cutoffAtEpoch5("s3", 1));

        assertThat(signals.reasonToStop("s1", "t1")).contains("median");
        assertThat(signals.reasonToStop("s2", "t9")).contains("search cancelled: by user");
        assertThat(signals.reasonToStop("s1", "t2")).isEmpty();
        assertThat(signals.reasonAtRung("s3", epoch5(12.0))).get().asString().contains("asha rung 5");
        assertThat(signals.reasonAtRung("s3", epoch5(8.0))).isEmpty();
        assertThat(signals.reasonAtRung("s3", new EpochReport(4, List.of(12.0)))).isEmpty();
    }

    @Test
    void signals_areForgottenOnlyAfterTheHorizonSinceTheirLastWrite() {
        signals.stopTrial("t1", "median");
        signals.cancelSearch("s2", "by user");
        signals.cutoffs(cutoffAtEpoch5("s3", 1));

        advance(Duration.ofDays(6));
        signals.cutoffs(cutoffAtEpoch5("s3", 2)); // a newer publication: counted from now
        assertThat(signals.reasonToStop("s1", "t1")).contains("median");
        assertThat(signals.cancelled("s2")).contains("by user");

        advance(Duration.ofDays(1).plusSeconds(1));
        assertThat(signals.reasonToStop("s1", "t1")).isEmpty();
        assertThat(signals.cancelled("s2")).isEmpty();
        assertThat(signals.reasonAtRung("s3", epoch5(12.0))).isPresent();

        advance(Duration.ofDays(6));
        assertThat(signals.reasonAtRung("s3", epoch5(12.0))).isEmpty();
    }

    @Test
    void cutoffs_anOlderPublicationDoesNotReplaceANewerOne_andACancelDropsThem() {
        signals.cutoffs(new RungCutoffs("s", 3, List.of(new RungCutoff(5, 10.0, 6)), 20));
        signals.cutoffs(new RungCutoffs("s", 3, List.of(new RungCutoff(5, 20.0, 3)), 10));
        assertThat(signals.reasonAtRung("s", epoch5(12.0))).isPresent();

        signals.cancelSearch("s", "done");
        assertThat(signals.reasonAtRung("s", epoch5(12.0))).isEmpty();
    }
}
