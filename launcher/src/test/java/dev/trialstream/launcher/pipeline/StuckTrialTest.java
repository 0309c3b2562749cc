package dev.trialstream.launcher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.aggregator.streams.AggregatorApp;
import dev.trialstream.aggregator.streams.AggregatorConfig;
import dev.trialstream.broker.EmbeddedKafkaExtension;
import dev.trialstream.kafka.Topics;
import dev.trialstream.launcher.cli.Cli;
import dev.trialstream.worker.dl4j.Dl4jTrainer;
import dev.trialstream.worker.kafka.TrialWorker;
import dev.trialstream.worker.kafka.WorkerConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker that still announces itself while its training of a trial has stopped moving left the
 * trial running with no new epoch for ever, and {@code watch} said nothing. Now it says which trial,
 * how long, how long its epochs took, and on which worker; and says when the trial moves again.
 * Real broker, real aggregator, a real worker whose training thread hangs after epoch 2.
 */
class StuckTrialTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    @Test
    void watch_aTrialWhoseTrainingHangs_saysItsWorkerMayBeStuck_andWhenItMovesAgain() throws Exception {
        String bootstrap = KAFKA.get().bootstrapServers();
        Topics topics = new Topics("st.");
        Cli submit = Cli.run("submit", TinySearch.write(dir, "stuck", 2, 6).toString(), "--bootstrap", bootstrap,
                "--topic-prefix", "st.", "--parallelism", "1");
        assertThat(submit.exitCode()).as(submit.err()).isZero();
        String id = submit.out().strip();
        AggregatorConfig config = new AggregatorConfig(bootstrap, topics, dir.resolve("aggregator"), 20,
                Duration.ofMinutes(2)).withHeartbeat(Duration.ofMillis(500));
        HangingTrainer trainer = new HangingTrainer(new Dl4jTrainer(), 2);

        Cli watch;
        try (AggregatorApp aggregator = new AggregatorApp(config, Clock.systemUTC()).start();
             TrialWorker worker = new TrialWorker(new WorkerConfig(bootstrap, topics, "w-stuck", 1,
                     Duration.ofMillis(50), Duration.ofSeconds(30), Duration.ofSeconds(30)), trainer,
                     Clock.systemUTC()).start()) {
            CompletableFuture<Cli> watching = CompletableFuture.supplyAsync(() -> Cli.run("watch", id, "--plain",
                    "--bootstrap", bootstrap, "--topic-prefix", "st.", "--wait-timeout", "120", "--stall-floor", "3"));
            trainer.awaitHanging();
            Thread.sleep(8_000); // past the 3 s floor, and a few heartbeats more
            trainer.release();
            watch = watching.get(120, TimeUnit.SECONDS);
        }

        assertThat(watch.exitCode()).as(watch.err()).isZero();
        assertThat(watch.err())
                .containsPattern(Pattern.compile("trialstream watch: trial \\S+ of search " + Pattern.quote(id) + " has reported no epoch for \\d+ s after epoch 2"
                        + " \\(its epochs took \\d+ (ms|s) each; worker w-stuck\\): is that worker stuck\\? Look at its"
                        + " log; restart it if it is, and the trial is retried on another worker\\. Still waiting\\."))
                .containsPattern(Pattern.compile("trialstream watch: trial \\S+ of search " + Pattern.quote(id) + " moves again \\(epoch [3-6]\\)\\."))
                .doesNotContain("no aggregator has reported")
                .doesNotContain("no worker has been in the fleet");
        assertThat(watch.err().split("is that worker stuck", -1)).as("said once").hasSize(2);
    }
}
