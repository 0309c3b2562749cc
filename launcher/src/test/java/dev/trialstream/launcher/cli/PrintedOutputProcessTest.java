package dev.trialstream.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.broker.EmbeddedKafkaExtension;
import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.StatusCounts;
import dev.trialstream.core.status.SearchStatus;
import dev.trialstream.kafka.ClientConfigs;
import dev.trialstream.kafka.TopicBootstrap;
import dev.trialstream.kafka.TopicLayout;
import dev.trialstream.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a command prints reaches stdout when the process exits: {@code trialstream leaderboard} in a
 * child JVM (the real {@code main}, with picocli's own buffered writers) against a real broker
 * holding a finished search's leaderboard.
 */
class PrintedOutputProcessTest {

    private static final Topics TOPICS = new Topics("printed.");
    private static final String SEARCH = "s-0000abcd";
    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    @BeforeAll
    static void finishedSearch() throws Exception {
        try (TopicBootstrap bootstrap = new TopicBootstrap(kafka.bootstrapServers(), TOPICS,
                new TopicLayout(1, 1, (short) 1), Duration.ofSeconds(30))) {
            bootstrap.ensureTopics();
        }
        LeaderboardSnapshot done = new LeaderboardSnapshot(SEARCH, "printed-demo", new StatusCounts(0, 0, 0, 2, 0),
                List.of(), List.of(), 6, 6, null, SearchStatus.DONE, 1);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                ClientConfigs.producer(kafka.bootstrapServers(), "printed-test"))) {
            producer.send(new ProducerRecord<>(TOPICS.leaderboard(), SEARCH, new MessageCodec().encode(done))).get();
        }
    }

    @Test
    void leaderboard_printsTheBoardBeforeTheProcessExits() throws Exception {
        String out = run("leaderboard", SEARCH);

        assertThat(out).contains(SEARCH + " printed-demo [done]", "rank", "cv_mse");
    }

    @Test
    void leaderboardJson_printsTheSnapshotBeforeTheProcessExits() throws Exception {
        String out = run("leaderboard", SEARCH, "--json");

        assertThat(out).contains("\"searchId\":\"" + SEARCH + "\"");
    }

    private String run(String... command) throws Exception {
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        List<String> args = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "dev.trialstream.launcher.Main"));
        args.addAll(List.of(command));
        args.addAll(List.of("--bootstrap", kafka.bootstrapServers(), "--topic-prefix", TOPICS.prefix(), "--timeout", "20"));
        Process process = new ProcessBuilder(args).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the command ends").isTrue();
        } finally {
            process.destroyForcibly();
        }
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(err).isZero();
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }
}
