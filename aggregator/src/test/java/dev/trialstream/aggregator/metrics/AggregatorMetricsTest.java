package dev.trialstream.aggregator.metrics;

import dev.trialstream.core.testing.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.core.metrics.CvScores;
import dev.trialstream.core.metrics.RegressionMetrics;
import dev.trialstream.core.status.SearchStatus;
import dev.trialstream.core.message.LeaderboardEntry;
import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.RunningTrial;
import dev.trialstream.core.message.StatusCounts;
import dev.trialstream.core.params.Hyperparameters;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class AggregatorMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, new MockClock());

    private static LeaderboardSnapshot snapshot(String id, boolean done, long at, double... ranked) {
        List<LeaderboardEntry> top = new java.util.ArrayList<>();
        for (double mse : ranked) {
            // CV MAE follows the MSE here (sqrt(mse) / 2) so the test can tell whose it is.
            RegressionMetrics fold = new RegressionMetrics(150, mse, Math.sqrt(mse), Math.sqrt(mse) / 2, 0.8);
            top.add(new LeaderboardEntry(top.size() + 1, id + "-t" + top.size(), Hyperparameters.DEFAULTS, 10,
                    new CvScores(List.of(fold, fold))));
        }
        return new LeaderboardSnapshot(id, "n", new StatusCounts(5, 2, ranked.length, 1, 0), top, List.of(), 120, 400,
                null, done ? SearchStatus.DONE : SearchStatus.RUNNING, at);
    }

    /** The longest a running trial of the search has gone without an epoch, as of the latest snapshot (a heartbeat's too). */
    @Test
    void metrics_trialSilenceMax_isTheLongestSilenceOfARunningTrial() {
        AggregatorMetrics metrics = new AggregatorMetrics(Clock.fixed(Instant.ofEpochMilli(0), ZoneOffset.UTC));
        metrics.bindTo(registry);
        LeaderboardSnapshot base = snapshot("s-1", false, 0);

        metrics.snapshot(base);
        assertThat(registry.get("trialstream.search.trial.silence.max").tag("search", "s-1").gauge().value()).isZero();

        metrics.snapshot(new LeaderboardSnapshot("s-1", "n", base.counts(), List.of(), List.of(), 120, 400, null,
                SearchStatus.RUNNING, 300_000, null, 0,
                List.of(new RunningTrial("s-1-t0", "w-1", 4, 1_000, 3_000, 60_000),
                        new RunningTrial("s-1-t1", "w-2", 0, 200_000, 0, 0)), 2_000));
        assertThat(registry.get("trialstream.search.trial.silence.max").tag("search", "s-1").gauge().value())
                .isEqualTo(240.0);
    }

    @Test
    void metrics_perSearchGaugesFollowTheLatestSnapshot() {
        AggregatorMetrics metrics = new AggregatorMetrics(Clock.fixed(Instant.ofEpochMilli(0), ZoneOffset.UTC));
        metrics.bindTo(registry);

        metrics.snapshot(snapshot("s-1", false, 0, 9.5));
        metrics.snapshot(snapshot("s-1", false, 0, 8.0, 9.5));

        assertThat(registry.get("trialstream.search.trials").tag("search", "s-1").tag("state", "queued").gauge().value())
                .isEqualTo(5);
        assertThat(registry.get("trialstream.search.trials").tag("state", "completed").gauge().value()).isEqualTo(2);
        assertThat(registry.get("trialstream.search.best.cv.mse").tag("search", "s-1").gauge().value()).isEqualTo(8.0);
        assertThat(registry.get("trialstream.search.best.cv.mae").tag("search", "s-1").gauge().value())
                .isEqualTo(Math.sqrt(8.0) / 2);
        assertThat(registry.get("trialstream.search.leaderboard.cv.mse").tag("rank", "2").gauge().value()).isEqualTo(9.5);
        assertThat(registry.get("trialstream.search.leaderboard.cv.mse").tag("rank", "3").gauge().value()).isNaN();
        assertThat(registry.get("trialstream.search.epochs").tag("kind", "trained").gauge().value()).isEqualTo(120);
        assertThat(registry.get("trialstream.search.epochs").tag("kind", "budget").gauge().value()).isEqualTo(400);
        assertThat(registry.get("trialstream.search.epochs").tag("kind", "redone").gauge().value()).isZero();
        assertThat(registry.get("trialstream.search.done").gauge().value()).isZero();
        // Ranks are a bounded label.
        assertThat(registry.find("trialstream.search.leaderboard.cv.mse").gauges()).hasSize(AggregatorMetrics.RANKS);
    }

    @Test
    void metrics_eventsPruningAndDeadLetters() {
        AggregatorMetrics metrics = new AggregatorMetrics(Clock.systemUTC());
        metrics.bindTo(registry);

        metrics.event("EpochReported");
        metrics.event("EpochReported");
        metrics.event("TrialCompleted");
        metrics.pruningDecision("s-1", "asha");
        metrics.deadLetter();

        assertThat(registry.get("trialstream.aggregator.events").tag("type", "EpochReported").counter().count())
                .isEqualTo(2);
        assertThat(registry.get("trialstream.search.pruning.decisions").tag("search", "s-1").tag("policy", "asha")
                .counter().count()).isEqualTo(1);
        // Stops sent, not trials pruned: a run's count can exceed its pruned trials (a trial that
        // completed before its stop arrived), so the help text must not say "trials stopped".
        assertThat(registry.get("trialstream.search.pruning.decisions").counter().getId().getDescription())
                .startsWith("StopTrial decisions").contains("not the trials pruned");
        assertThat(registry.get("trialstream.aggregator.dead.letters").counter().count()).isEqualTo(1);
    }

    @Test
    void metrics_aFinishedSearchIsForgottenAfterAnHour() {
        SettableClock now = new SettableClock();
        AggregatorMetrics metrics = new AggregatorMetrics(now);
        metrics.bindTo(registry);
        metrics.pruningDecision("s-old", "asha");
        metrics.snapshot(snapshot("s-old", true, 0, 3.0));

        now.set(2 * 3_600_000);
        metrics.snapshot(snapshot("s-new", false, now.millis(), 4.0));

        assertThat(registry.find("trialstream.search.best.cv.mse").tag("search", "s-old").gauge()).isNull();
        // Its pruning decisions go with it too.
        assertThat(registry.find("trialstream.search.pruning.decisions").tag("search", "s-old").counter()).isNull();
        assertThat(registry.find("trialstream.search.best.cv.mse").tag("search", "s-new").gauge()).isNotNull();
    }

    @Test
    void metrics_aFinishedSearchIsForgottenWithItsStoreEntryWhenThatIsKeptLessThanAnHour() {
        SettableClock now = new SettableClock();
        AggregatorMetrics metrics = new AggregatorMetrics(now, java.time.Duration.ofSeconds(2));
        metrics.bindTo(registry);
        metrics.snapshot(snapshot("s-old", true, 0, 3.0));
        dev.trialstream.aggregator.schedule.FleetScheduler scheduler = new dev.trialstream.aggregator.schedule.FleetScheduler(6);
        scheduler.report(new dev.trialstream.core.message.SearchDemand("s-old", 4, 3, 10, 3, 1, 0, true, 0, 0));
        scheduler.grant();
        metrics.fleet(scheduler);
        scheduler.report(new dev.trialstream.core.message.SearchDemand("s-old", 4, 3, 10, 10, 10, 1, false, 0, 0));
        metrics.fleet(scheduler);

        now.set(3_000);
        metrics.snapshot(snapshot("s-new", false, now.millis(), 4.0));
        metrics.fleet(scheduler);

        assertThat(registry.find("trialstream.search.best.cv.mse").tag("search", "s-old").gauge()).isNull();
        assertThat(registry.find("trialstream.search.fleet.slots").tag("search", "s-old").gauge()).isNull();
        assertThat(registry.find("trialstream.search.best.cv.mse").tag("search", "s-new").gauge()).isNotNull();
    }

    @Test
    void metrics_fleetGaugesFollowTheSchedulerAndASearchThatLeftDropsToZero() {
        SettableClock now = new SettableClock();
        AggregatorMetrics metrics = new AggregatorMetrics(now);
        metrics.bindTo(registry);
        dev.trialstream.aggregator.schedule.FleetScheduler scheduler = new dev.trialstream.aggregator.schedule.FleetScheduler(6);
        scheduler.report(new dev.trialstream.core.message.SearchDemand("s-1", 4, 3, 10, 3, 1, 0, true, 0, 0));
        scheduler.grant();

        metrics.fleet(scheduler);

        assertThat(registry.get("trialstream.fleet.slots").tag("kind", "capacity").gauge().value()).isEqualTo(6);
        assertThat(registry.get("trialstream.fleet.slots").tag("kind", "in_flight").gauge().value()).isEqualTo(3);
        assertThat(registry.get("trialstream.search.fleet.slots").tag("search", "s-1").gauge().value()).isEqualTo(3);
        assertThat(registry.get("trialstream.search.weight").tag("search", "s-1").gauge().value()).isEqualTo(4);

        scheduler.report(new dev.trialstream.core.message.SearchDemand("s-1", 4, 3, 10, 10, 10, 1, false, 0, 0));
        metrics.fleet(scheduler);
        assertThat(registry.get("trialstream.search.fleet.slots").tag("search", "s-1").gauge().value()).isZero();

        now.set(java.time.Duration.ofHours(2).toMillis());
        metrics.fleet(scheduler);
        assertThat(registry.find("trialstream.search.fleet.slots").gauges()).isEmpty();
    }
}
