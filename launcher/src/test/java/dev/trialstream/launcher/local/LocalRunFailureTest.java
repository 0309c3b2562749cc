package dev.trialstream.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trialstream.core.spec.SpecOverrides;
import dev.trialstream.core.testing.ErrorOnThreadClock;
import dev.trialstream.core.testing.SyntheticData;
import dev.trialstream.launcher.pipeline.PacedTrainer;
import dev.trialstream.producer.cli.DataOptions;
import dev.trialstream.producer.cli.PreparedSearch;
import dev.trialstream.worker.dl4j.Dl4jTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A part of the pipeline that stops for good ends a local run at once, saying which and why,
 * instead of leaving the run to wait out its time limit (a day unless --wait-timeout says).
 */
class LocalRunFailureTest {

    @TempDir
    Path dir;

    @Test
    void run_endsAtOnceNamingAnAggregatorThatCannotGoOn() throws Exception {
        Files.writeString(dir.resolve("data.csv"), SyntheticData.linearCsv(60, 3, 0.05, 1));
        Path spec = dir.resolve("tiny.yaml");
        Files.writeString(spec, """
                name: tiny
                data: {file: data.csv, target: y}
                strategy: {type: random, trials: 4, seed: 0}
                training: {maxEpochs: 20}
                space:
                  neurons: [8, 16]
                """);
        PreparedSearch search = PreparedSearch.of(spec, new DataOptions(), SpecOverrides.none());
        // From the first leaderboard on, the aggregator's stream thread meets an Error.
        ErrorOnThreadClock clock = new ErrorOnThreadClock("-StreamThread-", "a test's, in a stream thread");
        Duration limit = Duration.ofMinutes(3);
        long started = System.nanoTime();

        assertThatThrownBy(() -> new LocalRun(new PacedTrainer(new Dl4jTrainer(), 100), clock).run(search,
                new LocalRun.Settings(1, dir.resolve("model.zip"), -1, limit), snapshot -> clock.arm()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("search s-")
                .hasMessageContaining("cannot finish: the aggregator cannot go on")
                .hasMessageContaining("OutOfMemoryError: a test's, in a stream thread");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("time to the error").isLessThan(Duration.ofMinutes(1));
    }
}
