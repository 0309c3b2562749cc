package dev.trialstream.launcher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trialstream.aggregator.streams.AggregatorApp;
import dev.trialstream.aggregator.streams.AggregatorConfig;
import dev.trialstream.broker.EmbeddedKafkaExtension;
import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.TrialCompleted;
import dev.trialstream.core.message.TrialMessage;
import dev.trialstream.core.message.TrialRequested;
import dev.trialstream.core.message.TrialStarted;
import dev.trialstream.core.metrics.CvScores;
import dev.trialstream.core.metrics.RegressionMetrics;
import dev.trialstream.core.status.SearchStatus;
import dev.trialstream.kafka.ClientConfigs;
import dev.trialstream.kafka.TopicBootstrap;
import dev.trialstream.kafka.TopicLayout;
import dev.trialstream.kafka.Topics;
import dev.trialstream.launcher.cli.Cli;
import dev.trialstream.core.message.ModelPublished;
import dev.trialstream.producer.kafka.ModelFetcher;
import dev.trialstream.producer.kafka.SearchControls;
import dev.trialstream.worker.dl4j.Dl4jTrainer;
import dev.trialstream.worker.kafka.TrialWorker;
import dev.trialstream.worker.kafka.WorkerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A search in its final fit with no worker to do it could not be ended by any command: a plain
 * cancel leaves a final fit alone (it may be one sent while the search ran). {@code cancel
 * --abandon-final-fit} ends it cancelled without a model. Real broker, real aggregator, the real CLI;
 * no worker runs: the trials' events are sent as a worker sends them, so the final fit is asked for
 * and nobody takes it. A real worker that comes later does that fit (workers do not learn of the
 * abandon): its model is ignored, and {@code refit} asks for the fit again as after a plain cancel.
 */
class AbandonFinalFitTest {

    private static final String PREFIX = "abandon.";
    private static final Duration WAIT = Duration.ofMinutes(2);

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    private final MessageCodec codec = new MessageCodec();

    @Test
    void cancelAbandoningTheFinalFit_ofASearchWaitingForAWorker_endsItCancelledWithoutAModel() throws Exception {
        String bootstrap = KAFKA.bootstrapServers();
        // One partition per topic: the searches topic keeps the order of what this test sends on it.
        Topics topics = new Topics(PREFIX);
        try (TopicBootstrap topicBootstrap = new TopicBootstrap(bootstrap, topics, new TopicLayout(1, 1, (short) 1),
                Duration.ofSeconds(30))) {
            topicBootstrap.ensureTopics();
        }
        AggregatorConfig config = new AggregatorConfig(bootstrap, topics, dir.resolve("aggregator"), 20, WAIT)
                .withHeartbeat(Duration.ofMillis(500));
        try (AggregatorApp aggregator = new AggregatorApp(config, Clock.systemUTC()).start();
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(ClientConfigs.producer(bootstrap, "ab-test"))) {
            String id = submit("abandon", 2);
            for (TrialRequested trial : trialRequests(topics, id, 2)) {
                // What a worker sends for a trial it trained; no worker is left to take the final fit.
                producer.send(new ProducerRecord<>(topics.events(), id, codec.encode(new TrialStarted(id,
                        trial.trialId(), trial.index(), trial.params(), trial.seed(), "a1", "gone-worker", 1))));
                producer.send(new ProducerRecord<>(topics.events(), id, codec.encode(new TrialCompleted(id,
                        trial.trialId(), 3, cv(4.0 + trial.index()), 1.0, "gone-worker", 2))));
            }
            producer.flush();
            await().atMost(WAIT).until(() -> aggregator.leaderboard(id)
                    .map(s -> s.status() == SearchStatus.FINAL_FIT).orElse(false));
            awaitPublished(id, "final-fit");

            // A plain cancel sends nothing to a search in its final fit, and names the way out.
            Cli plain = cancel(id);
            assertThat(plain.exitCode()).as(plain.err()).isZero();
            assertThat(plain.out().strip()).isEqualTo(id + " is in its final fit, which cancel does not stop: every"
                    + " trial has ended, and it ends with its model (`trialstream watch " + id + "` follows it); to end"
                    + " it now without a model (no worker to fit it, say): `trialstream cancel " + id
                    + " --abandon-final-fit`");
            // A plain cancel that reaches the aggregator now (sent while the search ran) changes nothing either:
            // a search submitted after it, on the same partition, is seen only once it was applied.
            new SearchControls(producer, topics, codec, Clock.systemUTC()).cancel(id, "sent while it ran", false);
            String marker = submit("marker", 1);
            await().atMost(WAIT).until(() -> aggregator.leaderboard(marker).isPresent());
            assertThat(aggregator.leaderboard(id).orElseThrow().status()).isEqualTo(SearchStatus.FINAL_FIT);

            Cli abandon = cancel(id, "--abandon-final-fit", "--reason", "no worker to fit it");

            assertThat(abandon.exitCode()).as(abandon.err()).isZero();
            assertThat(abandon.out().strip()).isEqualTo(id + ": cancel sent (no worker to fit it), abandoning its final"
                    + " fit: it ends cancelled with no model, and the fit's result is ignored if it comes (`trialstream"
                    + " refit " + id + "` asks for the fit again)");
            awaitPublished(id, "cancelled");
            LeaderboardSnapshot ended = aggregator.leaderboard(id).orElseThrow();
            assertThat(ended.status()).isEqualTo(SearchStatus.CANCELLED);
            assertThat(ended.done()).isTrue();
            assertThat(ended.finalTest()).isNull();

            Cli export = Cli.run("export", id, "--out", dir.resolve("model.zip").toString(), "--bootstrap", bootstrap,
                    "--topic-prefix", PREFIX);
            assertThat(export.exitCode()).isEqualTo(2);
            assertThat(export.err()).contains(id + " was cancelled, and a cancelled search gets no final fit, so it"
                    + " has no model");
            assertThat(Files.exists(dir.resolve("model.zip"))).isFalse();

            // Ended: a second abandon has nothing to cancel.
            Cli again = cancel(id, "--abandon-final-fit");
            assertThat(again.out().strip()).isEqualTo(id + " is already cancelled; nothing to cancel");

            try (TrialWorker worker = new TrialWorker(new WorkerConfig(bootstrap, topics, "late-worker", 1,
                    Duration.ofMillis(50), Duration.ofSeconds(30), Duration.ofSeconds(30)), new Dl4jTrainer(),
                    Clock.systemUTC()).start()) {
                // A worker comes after all and does the abandoned fit (it was still queued): its model lands on
                // the models topic, but the search stays cancelled and export does not hand that model out.
                await().atMost(WAIT).until(() -> modelOf(topics, id).isPresent());
                await().atMost(WAIT).until(() -> aggregator.leaderboard(marker)
                        .map(s -> s.status() == SearchStatus.DONE).orElse(false)); // queued after that fit
                assertThat(aggregator.leaderboard(id).orElseThrow().status()).isEqualTo(SearchStatus.CANCELLED);
                assertThat(aggregator.leaderboard(id).orElseThrow().finalTest()).isNull();
                Cli lateExport = Cli.run("export", id, "--out", dir.resolve("model.zip").toString(), "--bootstrap",
                        bootstrap, "--topic-prefix", PREFIX);
                assertThat(lateExport.exitCode()).isEqualTo(2);
                assertThat(lateExport.err()).contains(id + " was cancelled, and a cancelled search gets no final fit");
                assertThat(Files.exists(dir.resolve("model.zip"))).isFalse();

                // As after a plain cancel, refit asks for the fit again, and the search ends done with its model.
                Cli refit = Cli.run("refit", id, "--bootstrap", bootstrap, "--topic-prefix", PREFIX);
                assertThat(refit.exitCode()).as(refit.err()).isZero();
                assertThat(refit.out()).contains(id + ": refit sent (it was cancelled)");
                await().atMost(WAIT).until(() -> aggregator.leaderboard(id)
                        .map(s -> s.status() == SearchStatus.DONE).orElse(false));
                assertThat(aggregator.leaderboard(id).orElseThrow().finalTest()).isNotNull();
                awaitPublished(id, "done");
                Cli export2 = Cli.run("export", id, "--out", dir.resolve("model.zip").toString(), "--bootstrap",
                        bootstrap, "--topic-prefix", PREFIX);
                assertThat(export2.exitCode()).as(export2.err()).isZero();
            }
        }
    }

    private java.util.Optional<ModelPublished> modelOf(Topics topics, String id) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                ClientConfigs.consumer(KAFKA.bootstrapServers(), "ab-models", null))) {
            return new ModelFetcher(consumer, topics, codec, Duration.ofSeconds(10)).published(id);
        }
    }

    private String submit(String name, int trials) throws Exception {
        Path spec = Files.createDirectories(dir.resolve(name));
        Cli submit = Cli.run("submit", TinySearch.write(spec, name, trials, 3).toString(), "--bootstrap",
                KAFKA.bootstrapServers(), "--topic-prefix", PREFIX, "--parallelism", String.valueOf(trials));
        assertThat(submit.exitCode()).as(submit.err()).isZero();
        return submit.out().strip();
    }

    private Cli cancel(String id, String... flags) {
        List<String> args = new ArrayList<>(List.of("cancel", id, "--bootstrap", KAFKA.bootstrapServers(),
                "--topic-prefix", PREFIX));
        args.addAll(List.of(flags));
        return Cli.run(args.toArray(String[]::new));
    }

    /** Waits until the search's latest leaderboard on the topic (what the CLI reads) has this status. */
    private void awaitPublished(String id, String status) {
        await().atMost(WAIT).until(() -> Cli.run("leaderboard", id, "--json", "--bootstrap", KAFKA.bootstrapServers(),
                "--topic-prefix", PREFIX).out().matches("(?s).*\"status\"\\s*:\\s*\"" + status + "\".*"));
    }

    /** The search's trial requests as the submitter queued them. */
    private List<TrialRequested> trialRequests(Topics topics, String id, int expected) {
        List<TrialRequested> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                ClientConfigs.consumer(KAFKA.bootstrapServers(), "ab-read", null))) {
            TopicPartition partition = new TopicPartition(topics.trials(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            await().atMost(WAIT).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (codec.decode(record.value(), TrialMessage.class) instanceof TrialRequested trial
                            && trial.searchId().equals(id)) {
                        found.add(trial);
                    }
                }
                return found.size() == expected;
            });
        }
        return found;
    }

    private static CvScores cv(double mse) {
        return new CvScores(List.of(
                new RegressionMetrics(150, mse - 0.5, Math.sqrt(mse - 0.5), Math.sqrt(mse) * 0.8, 1 - mse / 80),
                new RegressionMetrics(150, mse + 0.5, Math.sqrt(mse + 0.5), Math.sqrt(mse) * 0.8, 1 - mse / 80)));
    }
}
