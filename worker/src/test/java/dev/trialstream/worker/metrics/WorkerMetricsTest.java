package dev.trialstream.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkerMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, new MockClock());
    private final AtomicInteger busy = new AtomicInteger();
    private final WorkerMetrics metrics = new WorkerMetrics(busy::get, 4, "nd4j-native", "cpu");

    @Test
    void metrics_slotsAndBackend() {
        metrics.bindTo(registry);
        busy.set(3);

        assertThat(registry.get("trialstream.worker.slots").tag("state", "busy").gauge().value()).isEqualTo(3);
        assertThat(registry.get("trialstream.worker.slots").tag("state", "total").gauge().value()).isEqualTo(4);
        assertThat(registry.get("trialstream.worker.backend.info").tag("backend", "nd4j-native").tag("device", "cpu")
                .gauge().value()).isEqualTo(1);
    }

    @Test
    void metrics_trialsBySearchAndOutcomeWithDurations() {
        metrics.bindTo(registry);

        metrics.trialStarted("s-1");
        metrics.trialStarted("s-1");
        metrics.trialEnded("s-1", "completed", Duration.ofSeconds(3));
        metrics.trialEnded("s-1", "pruned", Duration.ofSeconds(1));

        assertThat(registry.get("trialstream.worker.trials").tag("search", "s-1").tag("outcome", "started")
                .counter().count()).isEqualTo(2);
        assertThat(registry.get("trialstream.worker.trials").tag("outcome", "completed").counter().count()).isEqualTo(1);
        assertThat(registry.get("trialstream.worker.trial.duration").tag("outcome", "completed").timer()
                .totalTime(TimeUnit.SECONDS)).isEqualTo(3.0);
        // No trial id ever becomes a tag.
        assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTag("trial")).isNull());
    }

    @Test
    void metrics_epochsCountTrainingSamples() {
        metrics.bindTo(registry);

        // Two epochs of a pack of two trials: each epoch timed once, each member's rows counted.
        metrics.epoch(Duration.ofMillis(20));
        metrics.samples(808);
        metrics.samples(808);
        metrics.epoch(Duration.ofMillis(30));
        metrics.samples(808);
        metrics.samples(808);

        assertThat(registry.get("trialstream.worker.training.samples").counter().count()).isEqualTo(3232);
        assertThat(registry.get("trialstream.worker.epoch.duration").timer().count()).isEqualTo(2);
        assertThat(registry.get("trialstream.worker.epoch.duration").timer().totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(50.0);
    }

    @Test
    void metrics_datasetCacheReadsTheCachesCounts() {
        metrics.bindTo(registry);
        long[] counts = {7, 2};

        metrics.datasetCache(counts, c -> c[0], c -> c[1]);

        assertThat(registry.get("trialstream.worker.dataset.cache").tag("result", "hit").functionCounter().count())
                .isEqualTo(7);
        assertThat(registry.get("trialstream.worker.dataset.cache").tag("result", "miss").functionCounter().count())
                .isEqualTo(2);
    }

    @Test
    void metrics_deadLettersAndFinalFits() {
        metrics.bindTo(registry);

        metrics.deadLetter();
        metrics.finalFit("completed");

        assertThat(registry.get("trialstream.worker.dead.letters").counter().count()).isEqualTo(1);
        assertThat(registry.get("trialstream.worker.final.fits").tag("outcome", "completed").counter().count())
                .isEqualTo(1);
    }
}
