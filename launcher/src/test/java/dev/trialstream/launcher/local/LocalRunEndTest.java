package dev.trialstream.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trialstream.core.bundle.ModelBundle;
import dev.trialstream.core.spec.SpecOverrides;
import dev.trialstream.core.status.SearchStatus;
import dev.trialstream.core.testing.ErrorOnThreadClock;
import dev.trialstream.core.testing.SyntheticData;
import dev.trialstream.core.training.FinalFitJob;
import dev.trialstream.core.training.FittedModel;
import dev.trialstream.core.training.ForwardingTrainer;
import dev.trialstream.core.training.Trainer;
import dev.trialstream.launcher.pipeline.PacedTrainer;
import dev.trialstream.producer.cli.DataOptions;
import dev.trialstream.producer.cli.PreparedSearch;
import dev.trialstream.worker.dl4j.Dl4jTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a local run ends when something goes wrong: a finished search survives a bundle destination
 * that cannot be written at the end, and a part of the pipeline that stops for good ends the run
 * at once, saying which and why, instead of leaving it to wait out its time limit (a day unless
 * --wait-timeout says).
 */
class LocalRunEndTest {

    @TempDir
    Path dir;

    @Test
    void run_keepsTheResultsAndTheBundleWhenTheOutputCannotBeWritten() throws Exception {
        PreparedSearch search = tinySearch(1, 1, "8");
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

    @Test
    void run_endsAtOnceNamingAnAggregatorThatCannotGoOn() throws Exception {
        PreparedSearch search = tinySearch(4, 20, "[8, 16]");
        // From the first leaderboard on, the aggregator's stream thread meets an Error.
        ErrorOnThreadClock clock = new ErrorOnThreadClock("-StreamThread-", "a test's, in a stream thread");
        long started = System.nanoTime();

        assertThatThrownBy(() -> new LocalRun(new PacedTrainer(new Dl4jTrainer(), 100), clock).run(search,
                new LocalRun.Settings(1, dir.resolve("model.zip"), -1, Duration.ofMinutes(3)), snapshot -> clock.arm()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("search s-")
                .hasMessageContaining("cannot finish: the aggregator cannot go on")
                .hasMessageContaining("OutOfMemoryError: a test's, in a stream thread");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("time to the error").isLessThan(Duration.ofMinutes(1));
    }

    /**
     * Ctrl-C's first press ({@link LocalRun#finish}, from another thread as the signal's): no
     * more trials start, but the running ones are not stopped: every trial that ended completed,
     * and the run returns a model of them.
     */
    @Test
    void finish_startsNoMoreTrials_letsTheRunningOnesComplete_andKeepsAModel() throws Exception {
        PreparedSearch search = tinySearch(12, 20, "[8, 16]");
        LocalRun run = new LocalRun(new PacedTrainer(new Dl4jTrainer(), 50), Clock.systemUTC());
        AtomicBoolean asked = new AtomicBoolean();

        assertThat(run.finish("before the run")).isEmpty();
        LocalResult result = run.run(search, new LocalRun.Settings(1, dir.resolve("model.zip"), -1,
                Duration.ofMinutes(3)), snapshot -> {
                    if (snapshot.counts().completed() >= 1 && snapshot.counts().running() >= 1
                            && asked.compareAndSet(false, true)) {
                        new Thread(() -> run.finish("interrupted by the test")).start();
                    }
                });

        assertThat(asked).isTrue();
        assertThat(result.leaderboard().status()).isEqualTo(SearchStatus.DONE);
        assertThat(result.leaderboard().counts().total()).isBetween(2, 11);
        assertThat(result.leaderboard().stopped()).as("trials stopped or skipped").isEmpty();
        assertThat(result.leaderboard().counts().completed()).isEqualTo(result.leaderboard().counts().total());
        assertThat(result.model()).isEqualTo(dir.resolve("model.zip"));
        assertThat(ModelBundle.read(result.model()).info().test().n()).isPositive();
    }

    /**
     * Ctrl-C's second press ({@link LocalRun#stopNow}): the search ends at once, and the run still
     * returns its results and a model of the trials that completed, instead of losing them with the
     * embedded broker.
     */
    @Test
    void stopNow_endsTheSearchAndKeepsAModelOfTheTrialsThatCompleted() throws Exception {
        PreparedSearch search = tinySearch(12, 20, "[8, 16]");
        LocalRun run = new LocalRun(new PacedTrainer(new Dl4jTrainer(), 50), Clock.systemUTC());
        AtomicBoolean asked = new AtomicBoolean();

        assertThat(run.stopNow("before the run")).isEmpty();
        LocalResult result = run.run(search, new LocalRun.Settings(1, dir.resolve("model.zip"), -1,
                Duration.ofMinutes(3)), snapshot -> {
                    if (snapshot.counts().completed() >= 1 && asked.compareAndSet(false, true)) {
                        new Thread(() -> run.stopNow("interrupted by the test")).start();
                    }
                });

        assertThat(result.leaderboard().status()).isEqualTo(SearchStatus.DONE);
        assertThat(result.leaderboard().counts().total()).isLessThan(12);
        assertThat(result.leaderboard().stopped()).isNotEmpty()
                .anySatisfy(t -> assertThat(t.reason()).contains("interrupted by the test"));
        assertThat(result.model()).isEqualTo(dir.resolve("model.zip"));
        assertThat(ModelBundle.read(result.model()).info().test().n()).isPositive();
        assertThat(run.stopNow("after the run")).isEmpty();
    }

    /**
     * Ctrl-C during the final fit: the run knows it is there ({@link LocalRun#inFinalFit}, what
     * the command's message says), a press sends nothing, and the search ends with its model.
     */
    @Test
    void aPressDuringTheFinalFit_isKnownToBeThere_andTheSearchEndsWithItsModel() throws Exception {
        PreparedSearch search = tinySearch(2, 5, "[8]");
        CountDownLatch release = new CountDownLatch(1);
        Trainer trainer = new ForwardingTrainer(new Dl4jTrainer()) {
            @Override
            public FittedModel finalFit(FinalFitJob job) {
                try {
                    release.await(2, TimeUnit.MINUTES); // held until the test has pressed
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return delegate.finalFit(job);
            }
        };
        LocalRun run = new LocalRun(trainer, Clock.systemUTC());
        AtomicBoolean duringTrials = new AtomicBoolean(true);
        AtomicBoolean duringFit = new AtomicBoolean();
        AtomicReference<Optional<String>> pressed = new AtomicReference<>();

        LocalResult result = run.run(search, new LocalRun.Settings(1, dir.resolve("model.zip"), -1,
                Duration.ofMinutes(3)), snapshot -> {
                    if (snapshot.status() == SearchStatus.RUNNING && run.inFinalFit()) {
                        duringTrials.set(false);
                    }
                    if (snapshot.status() == SearchStatus.FINAL_FIT && pressed.get() == null) {
                        duringFit.set(run.inFinalFit());
                        pressed.set(run.stopNow("interrupted by the test"));
                        release.countDown();
                    }
                });

        assertThat(duringTrials).as("not in the final fit while trials run").isTrue();
        assertThat(duringFit).as("in the final fit once the leaderboard says final-fit").isTrue();
        assertThat(pressed.get()).hasValue(result.leaderboard().searchId());
        assertThat(result.leaderboard().status()).isEqualTo(SearchStatus.DONE);
        assertThat(ModelBundle.read(result.model()).info().test().n()).isPositive();
        assertThat(run.inFinalFit()).as("after the run").isFalse();
    }

    /** A random search of {@code trials} on a small linear CSV, the neurons given as YAML. */
    private PreparedSearch tinySearch(int trials, int epochs, String neurons) throws Exception {
        Files.writeString(dir.resolve("data.csv"), SyntheticData.linearCsv(60, 3, 0.05, 1));
        Path spec = dir.resolve("tiny.yaml");
        Files.writeString(spec, """
                name: tiny
                data: {file: data.csv, target: y}
                strategy: {type: random, trials: %d, seed: 0}
                training: {maxEpochs: %d}
                space:
                  neurons: %s
                """.formatted(trials, epochs, neurons));
        return PreparedSearch.of(spec, new DataOptions(), SpecOverrides.none());
    }
}
