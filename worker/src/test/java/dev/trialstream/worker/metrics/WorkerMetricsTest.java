package dev.trialstream.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Scheduler;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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

    private final AtomicLong nanos = new AtomicLong();
    private final WorkerMetrics idling = new WorkerMetrics(busy::get, 4, "nd4j-native", "cpu", Duration.ofMinutes(10),
            nanos::get, Scheduler.disabledScheduler());

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    private boolean hasMeters(String searchId) {
        return !registry.find("trialstream.worker.trials").tag("search", searchId).meters().isEmpty();
    }

    @Test
    void metrics_idleSearchesMetersGoActiveOnesStay() {
        idling.bindTo(registry);
        idling.trialStarted("finished");
        idling.trialEnded("finished", "completed", Duration.ofSeconds(3));
        // A trial that trains longer than the idle time: its search is in a take all along.
        WorkerMetrics.Hold longTrial = idling.holding(List.of("long"));
        idling.trialStarted("long");
        advance(Duration.ofMinutes(9));
        idling.trialEnded("recent", "completed", Duration.ofSeconds(3));

        advance(Duration.ofMinutes(2));
        idling.expireIdleSearches();

        assertThat(hasMeters("finished")).isFalse();
        assertThat(hasMeters("long")).isTrue();
        assertThat(hasMeters("recent")).isTrue();
        // The worker-wide meters are not per search: they stay.
        assertThat(registry.find("trialstream.worker.trial.duration").tag("outcome", "completed").timer()).isNotNull();

        // The long trial ends: its search idles from then on.
        idling.trialEnded("long", "completed", Duration.ofMinutes(11));
        longTrial.close();
        advance(Duration.ofMinutes(9));
        idling.expireIdleSearches();
        assertThat(hasMeters("long")).isTrue();
        advance(Duration.ofMinutes(2));
        idling.expireIdleSearches();
        assertThat(hasMeters("long")).isFalse();
        assertThat(hasMeters("recent")).isFalse();

        // A search that comes back counts afresh.
        idling.trialStarted("finished");
        assertThat(registry.get("trialstream.worker.trials").tag("search", "finished").tag("outcome", "started")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void metrics_cancelledSearchesMetersGoAtOnceOrWhenTheirTakeEnds() {
        idling.bindTo(registry);
        idling.trialStarted("cancelled");
        idling.trialEnded("cancelled", "completed", Duration.ofSeconds(3));
        WorkerMetrics.Hold take = idling.holding(List.of("cancelled-while-training", "other"));
        idling.trialStarted("cancelled-while-training");
        idling.trialStarted("other");

        idling.searchOver("cancelled");
        idling.searchOver("cancelled-while-training");

        assertThat(hasMeters("cancelled")).isFalse();
        // Its trial is still being stopped, and ends as pruned: counted, then gone with the take.
        assertThat(hasMeters("cancelled-while-training")).isTrue();
        idling.trialEnded("cancelled-while-training", "pruned", Duration.ofSeconds(1));
        idling.trialEnded("other", "completed", Duration.ofSeconds(1));
        take.close();
        assertThat(hasMeters("cancelled-while-training")).isFalse();
        assertThat(hasMeters("other")).isTrue();
        // Nothing is left over in the registry for them.
        assertThat(registry.getMeters()).noneMatch(m -> String.valueOf(m.getId().getTag("search")).startsWith("cancelled"));
    }
}
