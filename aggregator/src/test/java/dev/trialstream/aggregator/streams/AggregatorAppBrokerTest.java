package dev.trialstream.aggregator.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trialstream.broker.EmbeddedKafkaExtension;
import dev.trialstream.core.message.DeadLetter;
import dev.trialstream.core.message.EpochReported;
import dev.trialstream.core.message.FinalFitRequested;
import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.MessageSamples;
import dev.trialstream.core.message.SearchSubmitted;
import dev.trialstream.core.metrics.RegressionMetrics;
import dev.trialstream.core.spec.SearchSpec;
import dev.trialstream.core.status.SearchStatus;
import dev.trialstream.core.testing.ErrorOnThreadClock;
import dev.trialstream.core.spec.SpecOverrides;
import dev.trialstream.http.ObservabilityServer;
import dev.trialstream.kafka.ClientConfigs;
import dev.trialstream.kafka.KafkaConnection;
import dev.trialstream.kafka.TopicBootstrap;
import dev.trialstream.kafka.TopicLayout;
import dev.trialstream.kafka.TopicReader;
import dev.trialstream.kafka.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class AggregatorAppBrokerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();
    private final MessageCodec codec = new MessageCodec();

    @TempDir
    Path dir;

    private Topics topics(String prefix) {
        Topics topics = new Topics(prefix);
        try (TopicBootstrap bootstrap = new TopicBootstrap(kafka.bootstrapServers(), topics,
                new TopicLayout(2, 2, (short) 1), Duration.ofSeconds(20))) {
            bootstrap.ensureTopics();
        }
        return topics;
    }

    private AggregatorApp aggregator(Topics topics, Path stateDir) {
        return new AggregatorApp(new AggregatorConfig(kafka.bootstrapServers(), topics, stateDir, 20,
                WAIT), Clock.systemUTC()).start();
    }

    private void send(String topic, Message... messages) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                ClientConfigs.producer(kafka.bootstrapServers(), "test"))) {
            for (Message message : messages) {
                producer.send(new ProducerRecord<>(topic, message.key(), codec.encode(message)));
            }
        }
    }

    private static SearchSubmitted search(String id, int trials) {
        SearchSpec spec = SpecOverrides.none().withTrials(trials).withEpochs(10).applyTo(MessageSamples.queuedAtOnce());
        return new SearchSubmitted(id, spec, MessageSamples.DATASET, trials, trials, 1);
    }

    private List<Message> readUntil(String topic, Predicate<List<Message>> done) {
        return new TopicReader(kafka.bootstrapServers(), codec).readUntil(topic, done, WAIT, Duration.ZERO);
    }

    private static LeaderboardSnapshot latest(List<Message> messages, String searchId) {
        return messages.stream().filter(m -> m instanceof LeaderboardSnapshot s && s.searchId().equals(searchId))
                .map(LeaderboardSnapshot.class::cast).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void shouldPublishLeaderboardsAndRequestOneFinalFit() throws Exception {
        Topics topics = topics("a1.");
        try (AggregatorApp app = aggregator(topics, dir.resolve("state"));
             ObservabilityServer http = new ObservabilityServer(0, () -> "", app::running)
                     .route("/searches", app.searchesHandler()).start()) {
            send(topics.searches(), search("s-a1", 6));
            for (int i = 0; i < 6; i++) {
                send(topics.events(), MessageSamples.trialRun("s-a1", i, 10.0 + (i * 7) % 6));
            }

            List<Message> boards = readUntil(topics.leaderboard(), list -> list.stream()
                    .anyMatch(m -> m instanceof LeaderboardSnapshot s && s.counts().completed() == 6));
            List<Message> trials = readUntil(topics.trials(), list -> !list.isEmpty());

            LeaderboardSnapshot last = latest(boards, "s-a1");
            assertThat(last.top()).hasSize(6);
            assertThat(last.top()).extracting(e -> e.trialId()).doesNotHaveDuplicates();
            assertThat(last.top().get(0).cvMse()).isEqualTo(10.0);
            assertThat(trials).singleElement().isInstanceOfSatisfying(FinalFitRequested.class,
                    fit -> assertThat(fit.trialId()).isEqualTo("s-a1-t0"));

            HttpResponse<String> one = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + http.port() + "/searches/s-a1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> missing = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + http.port() + "/searches/nope")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + http.port() + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(one.statusCode()).isEqualTo(200);
            LeaderboardSnapshot served = codec.decode(one.body().getBytes(StandardCharsets.UTF_8), LeaderboardSnapshot.class);
            assertThat(served.top()).hasSize(6);
            assertThat(served.status()).isEqualTo(SearchStatus.FINAL_FIT);
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(ready.statusCode()).isEqualTo(200);
        }
    }

    /** Epoch progress changes the leaderboard too; it is published on the next progress tick. */
    @Test
    void shouldPublishEpochProgress() {
        Topics topics = topics("a5.");
        try (AggregatorApp app = aggregator(topics, dir.resolve("state"))) {
            send(topics.searches(), search("s-a5", 2));
            send(topics.events(), MessageSamples.trialRun("s-a5", 0, 5.0)[0],
                    new EpochReported("s-a5", "s-a5-t0", "a", 1, List.of(9.0, 9.0), 1),
                    new EpochReported("s-a5", "s-a5-t0", "a", 2, List.of(8.0, 8.0), 1));

            List<Message> boards = readUntil(topics.leaderboard(), list -> list.stream()
                    .anyMatch(m -> m instanceof LeaderboardSnapshot s && s.epochsTrained() == 2));

            LeaderboardSnapshot last = latest(boards, "s-a5");
            assertThat(last.epochsTrained()).isEqualTo(2);
            assertThat(last.counts().running()).isEqualTo(1);
        }
    }

    @Test
    void shouldRestoreStateAfterARestartWithAnEmptyStateDir() throws Exception {
        Topics topics = topics("a2.");
        try (AggregatorApp first = aggregator(topics, dir.resolve("first"))) {
            send(topics.searches(), search("s-a2", 4));
            send(topics.events(), MessageSamples.trialRun("s-a2", 0, 5.0));
            send(topics.events(), MessageSamples.trialRun("s-a2", 1, 6.0));
            readUntil(topics.leaderboard(), list -> list.stream()
                    .anyMatch(m -> m instanceof LeaderboardSnapshot s && s.counts().completed() == 2));
        }
        Path fresh = dir.resolve("second");
        Files.createDirectories(fresh);
        try (AggregatorApp second = aggregator(topics, fresh)) {
            send(topics.events(), MessageSamples.trialRun("s-a2", 2, 7.0));

            List<Message> boards = readUntil(topics.leaderboard(), list -> list.stream()
                    .anyMatch(m -> m instanceof LeaderboardSnapshot s && s.counts().completed() == 3));

            LeaderboardSnapshot last = latest(boards, "s-a2");
            assertThat(last.counts().completed()).isEqualTo(3);
            assertThat(last.top()).extracting(e -> e.trialId()).containsExactly("s-a2-t0", "s-a2-t1", "s-a2-t2");
            assertThat(second.leaderboard("s-a2").orElseThrow().counts().completed()).isEqualTo(3);
        }
    }

    /**
     * Events can reach the aggregator before their search (another topic): they are kept, and kept
     * across a restart on an empty state dir, so the search still ends once it arrives.
     */
    @Test
    void shouldKeepEventsThatArriveBeforeTheirSearchAcrossARestart() throws Exception {
        Topics topics = topics("a4.");
        AggregatorConfig config = new AggregatorConfig(kafka.bootstrapServers(), topics, dir.resolve("first"), 20, WAIT);
        try (AggregatorApp first = aggregator(topics, dir.resolve("first"))) {
            send(topics.events(), MessageSamples.trialRun("s-a4", 0, 5.0));
            awaitCommitted(config.applicationId(), topics.events(), 2);
        }
        Path fresh = Files.createDirectories(dir.resolve("second"));
        try (AggregatorApp second = aggregator(topics, fresh)) {
            send(topics.searches(), search("s-a4", 1));

            List<Message> trials = readUntil(topics.trials(), list -> !list.isEmpty());

            assertThat(trials).singleElement().isInstanceOfSatisfying(FinalFitRequested.class,
                    fit -> assertThat(fit.trialId()).isEqualTo("s-a4-t0"));
            assertThat(second.leaderboard("s-a4").orElseThrow().counts().completed()).isEqualTo(1);
        }
    }

    /** Waits until the group has committed offsets summing to {@code records} on the topic. */
    private void awaitCommitted(String group, String topic, long records) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            long committed = 0;
            while (committed < records && System.nanoTime() < deadline) {
                Thread.sleep(200);
                committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet()
                        .stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                        .mapToLong(e -> e.getValue().offset()).sum();
            }
            assertThat(committed).as("offsets committed by %s on %s", group, topic).isGreaterThanOrEqualTo(records);
        }
    }

    /**
     * After a restart, RUNNING comes before the events written while the aggregator was away are
     * applied: it is ready (and serves leaderboards) only once they are, never with a stale board.
     */
    @Test
    void shouldBeReadyOnlyOnceItHasAppliedWhatWasWrittenWhileItWasAway() {
        Topics topics = topics("a6.");
        Path state = dir.resolve("state");
        int trials = 400;
        try (AggregatorApp first = aggregator(topics, state)) {
            send(topics.searches(), search("s-a6", trials));
            send(topics.events(), MessageSamples.trialRun("s-a6", 0, 5.0));
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> first.ready()
                    && first.leaderboard("s-a6").map(b -> b.counts().completed() == 1).orElse(false));
        }
        List<Message> away = new java.util.ArrayList<>();
        for (int i = 1; i < trials; i++) {
            away.addAll(List.of(MessageSamples.trialRun("s-a6", i, 5.0 + i)));
        }
        send(topics.events(), away.toArray(Message[]::new));

        try (AggregatorApp second = aggregator(topics, state)) {
            org.awaitility.Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(second::ready);

            assertThat(second.leaderboard("s-a6").orElseThrow().counts().completed()).isEqualTo(trials);
        }
    }

    /**
     * Streams commits a partition's offset only once it has processed a record of it since the
     * task started. An input whose tail is an aborted transaction (a producer killed with it open)
     * and that gets nothing after it: the restarted aggregator must still become ready, not wait
     * for a record that never comes.
     */
    @Test
    void shouldBeReadyWhenAnInputEndsWithAnAbortedTransactionAndNothingAfterIt() throws Exception {
        Topics topics = topics("a8.");
        Path state = dir.resolve("state");
        try (AggregatorApp first = aggregator(topics, state)) {
            send(topics.searches(), search("s-a8", 3));
            send(topics.events(), MessageSamples.trialRun("s-a8", 0, 5.0));
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> first.ready()
                    && first.leaderboard("s-a8").map(b -> b.counts().completed() == 1).orElse(false));
        }
        Map<String, Object> config = ClientConfigs.producer(kafka.bootstrapServers(), "aborted");
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "a8-aborted");
        try (KafkaProducer<String, byte[]> aborted = new KafkaProducer<>(config)) {
            aborted.initTransactions();
            aborted.beginTransaction();
            for (Message message : MessageSamples.trialRun("s-a8", 1, 6.0)) {
                aborted.send(new ProducerRecord<>(topics.events(), message.key(), codec.encode(message))).get();
            }
            aborted.abortTransaction();
        }

        try (AggregatorApp second = aggregator(topics, state)) {
            org.awaitility.Awaitility.await().atMost(WAIT).until(second::ready);

            assertThat(second.leaderboard("s-a8").orElseThrow().counts().completed())
                    .as("the aborted trial result is not applied").isEqualTo(1);
        }
    }

    /**
     * An aggregator killed with kill -9 leaves a transaction open that holds its input offsets.
     * Restarted under the same instance id on an empty state dir (a pod without its volume), it
     * fences that transaction at once — it has the same transactional id — instead of waiting for
     * the broker to time it out (here 60 s) before it can read its offsets and become ready.
     */
    @Test
    void shouldFenceAKilledInstancesOpenTransactionWhenRestartedOnAnEmptyStateDir() throws Exception {
        Topics topics = topics("a7.");
        AggregatorConfig first = new AggregatorConfig(KafkaConnection.of(kafka.bootstrapServers()), topics,
                dir.resolve("first"), 20, WAIT, "aggregator-0");
        try (AggregatorApp app = new AggregatorApp(first, Clock.systemUTC()).start()) {
            send(topics.searches(), search("s-a7", 3));
            send(topics.events(), MessageSamples.trialRun("s-a7", 0, 5.0));
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> app.ready()
                    && app.leaderboard("s-a7").map(b -> b.counts().completed() == 1).orElse(false));
        }
        // What kill -9 leaves behind: the instance's transaction, open, with its offset commit in it.
        String transactionalId = first.applicationId() + "-" + StableProcessId.of(first.applicationId(), "aggregator-0")
                + "-1";
        Map<String, Object> config = ClientConfigs.producer(kafka.bootstrapServers(), "killed-aggregator");
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
        try (KafkaProducer<String, byte[]> killed = new KafkaProducer<>(config);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(first.applicationId())
                    .partitionsToOffsetAndMetadata().get();
            killed.initTransactions();
            killed.beginTransaction();
            killed.send(new ProducerRecord<>(topics.leaderboard(), "s-a7", new byte[0])).get();
            killed.sendOffsetsToTransaction(offsets, new ConsumerGroupMetadata(first.applicationId()));
            send(topics.events(), MessageSamples.trialRun("s-a7", 1, 6.0));

            AggregatorConfig restarted = new AggregatorConfig(first.kafka(), topics, dir.resolve("empty"), 20, WAIT,
                    "aggregator-0");
            long start = System.nanoTime();
            try (AggregatorApp app = new AggregatorApp(restarted, Clock.systemUTC()).start()) {
                org.awaitility.Awaitility.await().atMost(WAIT).until(() -> app.ready()
                        && app.leaderboard("s-a7").map(b -> b.counts().completed() == 2).orElse(false));
                Duration toReady = Duration.ofNanos(System.nanoTime() - start);

                assertThat(toReady).as("restart to ready, the killed transaction timing out after 60 s")
                        .isLessThan(Duration.ofSeconds(30));
                assertThatThrownBy(killed::commitTransaction).as("the killed instance's transaction is fenced")
                        .isInstanceOfAny(ProducerFencedException.class, InvalidProducerEpochException.class);
            }
        }
    }

    /**
     * What the unit test of {@link QuietRewrites} cannot show: that a search's entry written again
     * from a punctuation, unchanged, reaches the changelog in a committed transaction, with its
     * leaderboard, once the search has been quiet for {@link QuietRewrites#QUIET} and not before.
     */
    @Test
    void shouldWriteAQuietSearchAgainToTheChangelogAndTheLeaderboard() throws Exception {
        Topics topics = topics("a9.");
        String changelog = topics.prefix() + "aggregator-" + AggregatorTopology.STORE + "-changelog";
        // No heartbeat within the test: the leaderboard written again is the quiet rewrite's.
        try (AggregatorApp app = new AggregatorApp(new AggregatorConfig(kafka.bootstrapServers(), topics,
                dir.resolve("state"), 20, WAIT).withHeartbeat(Duration.ofHours(1)), Clock.systemUTC()).start()) {
            send(topics.searches(), search("s-a9", 2));
            send(topics.events(), MessageSamples.trialRun("s-a9", 0, 5.0));
            send(topics.events(), MessageSamples.trialRun("s-a9", 1, 6.0));
            readUntil(topics.leaderboard(), list -> list.stream()
                    .anyMatch(m -> m instanceof LeaderboardSnapshot s && s.status() == SearchStatus.FINAL_FIT));
            long lastInput = System.nanoTime();
            int boards = new TopicReader(kafka.bootstrapServers(), codec).readAll(topics.leaderboard(),
                    Duration.ofSeconds(2)).size();
            int entries = committedRecords(changelog, "s-a9");

            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> committedRecords(changelog, "s-a9") > entries);
            Duration quiet = Duration.ofNanos(System.nanoTime() - lastInput);

            // Measured from when the last change was seen, a little after it was made: half the wait
            // tells "once quiet" from "at the next check" (every 5 s) on a loaded machine too.
            assertThat(quiet).as("written again once quiet, not at the next check").isGreaterThan(QuietRewrites.QUIET.dividedBy(2));
            List<Message> after = readUntil(topics.leaderboard(), list -> list.size() > boards);
            assertThat(latest(after, "s-a9").status()).isEqualTo(SearchStatus.FINAL_FIT);
        }
    }

    /** How many committed records the topic holds under the key. */
    private static int committedRecords(String topic, String key) {
        return (int) kafka.records(topic, "read_committed", WAIT).stream().filter(r -> key.equals(r.key())).count();
    }

    @Test
    void shouldDeadLetterAnUndecodableEvent() {
        Topics topics = topics("a3.");
        try (AggregatorApp app = aggregator(topics, dir.resolve("state"));
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                     ClientConfigs.producer(kafka.bootstrapServers(), "test"))) {
            producer.send(new ProducerRecord<>(topics.events(), "s-x", "garbage".getBytes(StandardCharsets.UTF_8)));
            producer.flush();

            List<Message> letters = readUntil(topics.deadLetters(), list -> !list.isEmpty());

            assertThat(letters).singleElement().isInstanceOfSatisfying(DeadLetter.class, letter -> {
                assertThat(letter.originalTopic()).isEqualTo(topics.events());
                assertThat(letter.key()).isEqualTo("s-x");
            });
        }
    }

    /**
     * An Error in a stream thread (out of memory, say) stops Kafka Streams and fails the
     * aggregator's liveness, naming the Error, so that the process is restarted. Before, the
     * thread was replaced, met the same Error again, and the aggregator stayed live.
     */
    /**
     * A second aggregator started with the first one's --instance-id takes its static membership;
     * the first must not go on replacing fenced stream threads (each fencing the other in turn) while
     * both look live: it fails liveness, naming the flag.
     */
    @Test
    void aSecondAggregatorWithTheSameInstanceId_failsTheFirstsLivenessNamingTheFlag() throws Exception {
        Topics topics = topics("a10.");
        KafkaConnection connection = KafkaConnection.of(kafka.bootstrapServers());
        try (AggregatorApp first = new AggregatorApp(new AggregatorConfig(connection, topics, dir.resolve("first"), 20,
                WAIT, "aggregator-0"), Clock.systemUTC()).start()) {
            send(topics.searches(), search("s-a10", 2));
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> first.leaderboard("s-a10").isPresent());
            try (AggregatorApp second = new AggregatorApp(new AggregatorConfig(connection, topics,
                    dir.resolve("second"), 20, WAIT, "aggregator-0"), Clock.systemUTC())) {
                Thread starting = new Thread(() -> {
                    try {
                        second.start();
                    } catch (RuntimeException e) {
                        // it may fail to start, fenced in turn: the first one's failure is what is asserted
                    }
                }, "second-aggregator-start");
                starting.setDaemon(true);
                starting.start();
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(45)).until(() -> !first.live());

                assertThat(first.failure()).hasValueSatisfying(why -> assertThat(why)
                        .contains("another aggregator runs with --instance-id aggregator-0")
                        .contains("give every aggregator its own --instance-id"));
                starting.join(WAIT.toMillis());
            }
        }
    }

    @Test
    void anErrorInAStreamThread_failsLivenessNamingIt() throws Exception {
        Topics topics = topics("a9.");
        ErrorOnThreadClock clock = new ErrorOnThreadClock("-StreamThread-", "a test's, in a stream thread");
        try (AggregatorApp app = new AggregatorApp(new AggregatorConfig(kafka.bootstrapServers(), topics,
                dir.resolve("state"), 20, WAIT), clock).start()) {
            assertThat(app.live()).as("live once started").isTrue();

            clock.arm();
            send(topics.searches(), search("s-a9", 2));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (app.live() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }

            assertThat(app.live()).as("live after an Error in a stream thread").isFalse();
            assertThat(app.failure()).hasValueSatisfying(why -> assertThat(why)
                    .contains("OutOfMemoryError").contains("a test's, in a stream thread"));
        }
    }
}
