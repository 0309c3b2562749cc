package dev.trialstream.launcher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trialstream.aggregator.streams.AggregatorApp;
import dev.trialstream.aggregator.streams.AggregatorConfig;
import dev.trialstream.broker.EmbeddedKafka;
import dev.trialstream.broker.EmbeddedKafkaExtension;
import dev.trialstream.broker.HangingTransactionMaker;
import dev.trialstream.kafka.ClientConfigs;
import dev.trialstream.kafka.TopicBootstrap;
import dev.trialstream.kafka.TopicLayout;
import dev.trialstream.kafka.Topics;
import dev.trialstream.launcher.cli.Cli;
import dev.trialstream.worker.dl4j.Dl4jTrainer;
import dev.trialstream.worker.kafka.TrialWorker;
import dev.trialstream.worker.kafka.WorkerConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real worker whose group's committed offsets are held unstable by a hanging transaction (a
 * dead slot's offset commit whose marker the broker dropped): its slot cannot fetch where to start
 * on the one trials partition, so it trains nothing, and must not die of it. Once the aggregator's
 * check aborts the transaction (open over 60 s, checked every 20 s), the slot fetches, starts from
 * the beginning (the aborted commit is gone) and the search ends done. Its log says so, rather
 * than "waiting for Kafka" (the broker answers all the while).
 */
class WorkerBehindHangingOffsetsTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(
            () -> EmbeddedKafka.start(HangingTransactionMaker.BROKER_SETTINGS));

    @TempDir
    Path dir;

    @Test
    void aSlotWhoseGroupOffsetsHang_waitsWithoutDying_andTrainsOnceTheAggregatorAbortsTheTransaction()
            throws Exception {
        String bootstrap = KAFKA.get().bootstrapServers();
        Topics topics = new Topics("wh.");
        try (TopicBootstrap topicBootstrap = new TopicBootstrap(bootstrap, topics, new TopicLayout(1, 1, (short) 1),
                Duration.ofSeconds(30))) {
            topicBootstrap.ensureTopics();
        }
        String workers = topics.prefix() + "workers"; // WorkerConfig's group
        TopicPartition trials = new TopicPartition(topics.trials(), 0);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
             KafkaConsumer<String, byte[]> probe = new KafkaConsumer<>(ClientConfigs.consumer(bootstrap, "probe", workers))) {
            assertThat(probe.committed(Set.of(trials), Duration.ofSeconds(10))).containsEntry(trials, null);
            new HangingTransactionMaker(bootstrap, ClientConfigs.workerTransactionalId(topics, "gone", 0))
                    .commitLeavingOpen(admin, new TopicPartition(topics.models(), 0), new byte[] {1},
                            (maker, producerId, epoch) -> maker.commitOffsetUnannounced(workers, trials, 5, producerId,
                                    epoch));
            assertThatThrownBy(() -> probe.committed(Set.of(trials), Duration.ofSeconds(3)))
                    .as("the workers' offsets, unstable").isInstanceOf(TimeoutException.class);
        }
        Path spec = PrunableSearch.writeTwoTrialGrid(dir, "behind-hanging-offsets");
        long start = System.nanoTime();
        try (StderrCapture logs = StderrCapture.start();
             AggregatorApp aggregator = new AggregatorApp(new AggregatorConfig(bootstrap, topics, dir.resolve("state"),
                20, Duration.ofMinutes(3)), Clock.systemUTC()).start();
             TrialWorker worker = new TrialWorker(WorkerConfig.of(bootstrap, topics, "w", 1), new Dl4jTrainer(),
                     Clock.systemUTC()).start()) {

            Cli submit = Cli.run("submit", spec.toString(), "--bootstrap", bootstrap, "--topic-prefix", topics.prefix(),
                    "--wait", "--wait-timeout", "240", "--json");

            assertThat(submit.exitCode()).as(submit.err()).isZero();
            JsonNode leaderboard = new ObjectMapper().readTree(submit.out());
            assertThat(leaderboard.get("status").asText()).isEqualTo("done");
            assertThat(leaderboard.get("counts").get("completed").asInt()).isEqualTo(2);
            assertThat(worker.failure()).as("the worker's slots").isEmpty();
            assertThat(worker.live()).isTrue();
            // The slot's log names the cause: the broker answers, the group's offsets do not.
            assertThat(logs.text()).contains("w/slot-0: waiting: Kafka answers, but the group's committed offsets on "
                            + "[wh.trials-0] cannot be read (Timeout of ",
                    "most likely an open transaction committed offsets there",
                    "w/slot-0: the group's offsets can be read again")
                    .doesNotContain("w/slot-0: waiting for Kafka");
            System.out.printf("done %d s after the worker started behind the hanging transaction%n",
                    Duration.ofNanos(System.nanoTime() - start).toSeconds());
        }
    }
}
