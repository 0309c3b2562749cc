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
    private static final String RUNNING = "s-0000beef";
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
            producer.send(new ProducerRecord<>(TOPICS.leaderboard(), RUNNING, new MessageCodec().encode(
                    new LeaderboardSnapshot(RUNNING, "printed-running", new StatusCounts(1, 1, 0, 0, 0), List.of(),
                            List.of(), 3, 6, null, SearchStatus.RUNNING, 1)))).get();
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

    /**
     * Ctrl-C or SIGTERM ends {@code watch} (and {@code submit --wait}), not the search: the
     * process says so as it stops, so the interrupt is not taken for a cancel.
     */
    @Test
    void watch_stoppedWhileFollowing_saysTheSearchGoesOn() throws Exception {
        Path stdout = dir.resolve("watch-stdout.txt");
        Path stderr = dir.resolve("watch-stderr.txt");
        Process process = new ProcessBuilder(command("watch", RUNNING, "--plain"))
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1))
                    .until(() -> Files.readString(stdout, StandardCharsets.UTF_8).contains(RUNNING));
            process.destroy(); // SIGTERM, which runs the JVM's shutdown hooks as SIGINT does
            assertThat(process.waitFor(1, TimeUnit.MINUTES)).as("the command ends").isTrue();
        } finally {
            process.destroyForcibly();
        }

        assertThat(Files.readString(stderr, StandardCharsets.UTF_8)).contains("trialstream watch: stopped following;"
                + " search " + RUNNING + " goes on in the cluster (`trialstream watch " + RUNNING
                + "` follows it again, `trialstream cancel " + RUNNING + "` stops it; in its final fit,"
                + " `--abandon-final-fit` too)");
    }

    @Test
    void watch_endingOnItsOwn_saysNothingOfStopping() throws Exception {
        assertThat(run("watch", SEARCH, "--plain")).contains(SEARCH);

        assertThat(Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8))
                .doesNotContain("stopped following");
    }

    private List<String> command(String... command) {
        List<String> args = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "dev.trialstream.launcher.Main"));
        args.addAll(List.of(command));
        args.addAll(List.of("--bootstrap", kafka.bootstrapServers(), "--topic-prefix", TOPICS.prefix(), "--timeout", "20"));
        return args;
    }

    private String run(String... command) throws Exception {
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        Process process = new ProcessBuilder(command(command)).redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile()).start();
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
