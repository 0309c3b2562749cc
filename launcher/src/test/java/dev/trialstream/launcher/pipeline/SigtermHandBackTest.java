package dev.trialstream.launcher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.broker.EmbeddedKafka;
import dev.trialstream.core.training.CvPlan;
import dev.trialstream.core.message.DatasetRef;
import dev.trialstream.core.message.EpochReported;
import dev.trialstream.core.message.EventMessage;
import dev.trialstream.core.message.FileRef;
import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.TrialCompleted;
import dev.trialstream.core.message.TrialEnded;
import dev.trialstream.core.message.TrialRequested;
import dev.trialstream.core.message.TrialStarted;
import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.testing.SyntheticData;
import dev.trialstream.kafka.BlobStore;
import dev.trialstream.kafka.ClientConfigs;
import dev.trialstream.kafka.TopicBootstrap;
import dev.trialstream.kafka.TopicLayout;
import dev.trialstream.kafka.TopicReader;
import dev.trialstream.kafka.Topics;
import dev.trialstream.worker.dl4j.Dl4jTrainer;
import dev.trialstream.worker.kafka.TrialWorker;
import dev.trialstream.worker.kafka.WorkerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes scale-down path with a real signal: {@code trialstream worker} runs in a child
 * JVM, gets SIGTERM while it trains, hands the trial back, and exits; another worker completes the
 * trial, and the trial has exactly one result.
 */
class SigtermHandBackTest {

    private static final Duration WAIT = Duration.ofMinutes(3);
    private final MessageCodec codec = new MessageCodec();

    @TempDir
    Path dir;

    @Test
    void shouldHandTheTrialBackOnSigtermAndLetAnotherWorkerFinishIt() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            Topics topics = new Topics("sigterm.");
            try (TopicBootstrap bootstrap = new TopicBootstrap(kafka.bootstrapServers(), topics,
                    new TopicLayout(1, 1, (short) 1), Duration.ofSeconds(30))) {
                bootstrap.ensureTopics();
            }
            TrialRequested trial = publishLongTrial(kafka.bootstrapServers(), topics);
            TopicReader reader = new TopicReader(kafka.bootstrapServers(), codec);

            Process worker = new ProcessBuilder(javaCommand(), "-cp", System.getProperty("java.class.path"),
                    "dev.trialstream.launcher.Main", "worker", "--bootstrap", kafka.bootstrapServers(),
                    "--topic-prefix", topics.prefix(), "--slots", "1", "--worker-id", "terminated", "--http-port", "-1",
                    "--trial-partitions", "1", "--partitions", "1")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("worker.log").toFile()).start();
            try {
                // Wait until the child is training (it reported epochs), then send SIGTERM.
                reader.readUntil(topics.events(), list -> list.stream().filter(m -> m instanceof EpochReported).count() >= 2,
                        WAIT, Duration.ZERO);
                worker.destroy();
                assertThat(worker.waitFor(2, TimeUnit.MINUTES)).as("worker exits after SIGTERM").isTrue();
            } finally {
                worker.destroyForcibly();
            }
            // The JVM ends with the signal's status (143) after the shutdown hook handed the trial back.
            assertThat(worker.exitValue()).isIn(0, 143);
            assertThat(terminal(reader.readAll(topics.events(), WAIT))).isEmpty();

            try (TrialWorker other = new TrialWorker(new WorkerConfig(kafka.bootstrapServers(), topics, "other", 1,
                    Duration.ofMillis(50), Duration.ofSeconds(30), Duration.ofSeconds(30)), new Dl4jTrainer(),
                    Clock.systemUTC()).start()) {
                List<Message> events = reader.readUntil(topics.events(), list -> !terminal(list).isEmpty(), WAIT,
                        Duration.ofSeconds(2));

                assertThat(terminal(events)).singleElement().isInstanceOfSatisfying(TrialCompleted.class, done -> {
                    assertThat(done.trialId()).isEqualTo(trial.trialId());
                    assertThat(done.workerId()).isEqualTo("other");
                    assertThat(done.epochs()).isEqualTo(trial.cv().maxEpochs());
                });
                assertThat(events).filteredOn(m -> m instanceof TrialStarted)
                        .extracting(m -> ((TrialStarted) m).workerId()).containsExactly("terminated", "other");
            }
        }
    }

    private static List<EventMessage> terminal(List<Message> events) {
        return events.stream().filter(TrialEnded.class::isInstance).map(EventMessage.class::cast).toList();
    }

    /** One trial long enough to be caught in flight (seconds), short enough for CI: 200 epochs of a 2x128 net. */
    private TrialRequested publishLongTrial(String bootstrap, Topics topics) {
        byte[] csv = SyntheticData.linearCsv(300, 4, 0.1, 3).getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(ClientConfigs.producer(bootstrap, "test"))) {
            FileRef file = new BlobStore(codec).uploadAndWait(producer, topics.datasets(), csv, "data.csv");
            DatasetRef data = DatasetRef.withSplit("synthetic", file, 0.2, 1, SyntheticData.TARGET, List.of());
            TrialRequested trial = new TrialRequested("s-term", "s-term-t0000", 0,
                    Hyperparameters.fromMap(Map.of("neurons", 128, "batchSize", 16)), 5,
                    new CvPlan(3, 0, 200, 0, true), data, 1);
            producer.send(new ProducerRecord<>(topics.trials(), trial.trialId(), codec.encode(trial)));
            return trial;
        }
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
