package dev.trialstream.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.core.bundle.ModelBundle;
import dev.trialstream.core.spec.SpecOverrides;
import dev.trialstream.core.testing.SyntheticData;
import dev.trialstream.producer.cli.DataOptions;
import dev.trialstream.producer.cli.PreparedSearch;
import dev.trialstream.worker.dl4j.Dl4jTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A finished local search survives a bundle destination that cannot be written at the end. */
class LocalRunOutputTest {

    @TempDir
    Path dir;

    @Test
    void run_keepsTheResultsAndTheBundleWhenTheOutputCannotBeWritten() throws Exception {
        Files.writeString(dir.resolve("data.csv"), SyntheticData.linearCsv(60, 3, 0.05, 1));
        Path spec = dir.resolve("tiny.yaml");
        Files.writeString(spec, """
                name: tiny
                data: {file: data.csv, target: y}
                strategy: {type: random, trials: 1, seed: 0}
                training: {maxEpochs: 1}
                space:
                  neurons: 8
                """);
        PreparedSearch search = PreparedSearch.of(spec, new DataOptions(), SpecOverrides.none());
        Path unwritable = Path.of("/proc/nope/model.zip");

        LocalResult result = new LocalRun(new Dl4jTrainer(), Clock.systemUTC()).run(search,
                new LocalRun.Settings(1, unwritable, -1, Duration.ofMinutes(5)), snapshot -> { });

        assertThat(result.leaderboard().done()).isTrue();
        assertThat(result.leaderboard().top()).hasSize(1);
        assertThat(result.modelProblem()).startsWith("could not write the model bundle to " + unwritable)
                .contains("; it is at " + result.model() + " instead");
        try {
            assertThat(ModelBundle.read(result.model()).info().params().neurons()).isEqualTo(8);
        } finally {
            Files.deleteIfExists(result.model());
        }
    }
}
