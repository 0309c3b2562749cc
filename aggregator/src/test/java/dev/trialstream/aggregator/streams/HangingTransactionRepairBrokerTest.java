package dev.trialstream.aggregator.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trialstream.broker.EmbeddedKafka;
import dev.trialstream.broker.EmbeddedKafkaExtension;
import dev.trialstream.broker.HangingTransactionMaker;
import dev.trialstream.core.message.FinalFitRequested;
import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.MessageSamples;
import dev.trialstream.core.message.TrialRequested;
import dev.trialstream.core.status.SearchStatus;
import dev.trialstream.kafka.ClientConfigs;
import dev.trialstream.kafka.TopicBootstrap;
import dev.trialstream.kafka.TopicLayout;
import dev.trialstream.kafka.TopicReader;
import dev.trialstream.kafka.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The aggregator's repair of hanging transactions (made by {@link HangingTransactionMaker}: the
 * coordinator committed the transaction, one partition never got the marker), end to end: its own
 * on its group's offsets (it could not start) and on its leaderboard (read_committed readers saw
 * nothing newer while it ran), and a worker's on the events topic (it read nothing more of that
 * partition) and on the workers' group offsets.
 */
class HangingTransactionRepairBrokerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(
            () -> EmbeddedKafka.start(HangingTransactionMaker.BROKER_SETTINGS));
    private final MessageCodec codec = new MessageCodec();

    @TempDir
    Path dir;

    @Test
    void shouldStartDespiteATransactionOfItsOwnHangingOnItsGroupsOffsets() throws Exception {
        Topics topics = topics("ha.");
        String group = "ha.aggregator"; // the app's id: its group, and its transactional ids' prefix
        TopicPartition events = new TopicPartition(topics.events(), 0);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.get().bootstrapServers()));
             KafkaConsumer<String, byte[]> member = new KafkaConsumer<>(
                     ClientConfigs.consumer(KAFKA.get().bootstrapServers(), "probe", group))) {
            assertThat(member.committed(Set.of(events), Duration.ofSeconds(10))).containsEntry(events, null);
            // A previous incarnation's transaction: its output (to control, which this test does
            // not read) was committed, its offset commit on the group's offsets never got the marker.
            String transactionalId = group + "-0c0ffee0-0000-0000-0000-000000000000-1";
            new HangingTransactionMaker(KAFKA.get().bootstrapServers(), transactionalId).commitLeavingOpen(admin,
                    new TopicPartition(topics.control(), 0), new byte[] {1},
                    (maker, producerId, epoch) -> maker.commitOffsetUnannounced(group, events, 7, producerId, epoch));
            // Hanging: the group's offsets stay unstable, so no member (Streams' tasks) may fetch them.
            assertThatThrownBy(() -> member.committed(Set.of(events), Duration.ofSeconds(3)))
                    .isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
        }
        // Not running for 20 s, a check every 20 s, hanging after 30 s open: it starts within a minute or so.
        try (AggregatorApp app = new AggregatorApp(new AggregatorConfig(KAFKA.get().bootstrapServers(), topics,
                dir.resolve("state"), 20, Duration.ofSeconds(120)), Clock.systemUTC()).start()) {
            send(topics.searches(), MessageSamples.twoTrialSearch("s-ha"));
            send(topics.events(), MessageSamples.trialRun("s-ha", 0, 5.0));

            List<Message> boards = new TopicReader(KAFKA.get().bootstrapServers(), codec).readUntil(topics.leaderboard(),
                    list -> list.stream().anyMatch(m -> m instanceof LeaderboardSnapshot s && s.counts().completed() == 1),
                    WAIT, Duration.ZERO);

            assertThat(boards).anySatisfy(m -> assertThat(m).isInstanceOfSatisfying(LeaderboardSnapshot.class,
                    s -> assertThat(s.counts().completed()).isEqualTo(1)));
        }
    }

    @Test
    void shouldAbortATransactionOfItsOwnHangingOnTheLeaderboardWhileItRuns() throws Exception {
        Topics topics = topics("hr.");
        String transactionalId = "hr.aggregator-0c0ffee0-0000-0000-0000-000000000000-1"; // the app's id, then a task's
        TopicReader boards = new TopicReader(KAFKA.get().bootstrapServers(), codec);
        try (AggregatorApp app = new AggregatorApp(new AggregatorConfig(KAFKA.get().bootstrapServers(), topics,
                dir.resolve("state"), 20, WAIT), Clock.systemUTC()).start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.get().bootstrapServers()))) {
            send(topics.searches(), MessageSamples.twoTrialSearch("s-hr"));
            send(topics.events(), MessageSamples.trialRun("s-hr", 0, 5.0));
            boards.readUntil(topics.leaderboard(), list -> completed(list, 1), WAIT, Duration.ZERO);

            // A previous producer of this app (the broker dropped its markers, as after a broker's
            // kill -9): committed on control, still open on both leaderboard partitions since two
            // minutes ago as far as the broker can tell. Read_committed readers of the leaderboard
            // see nothing newer, while the app itself runs on.
            new HangingTransactionMaker(KAFKA.get().bootstrapServers(), transactionalId).commitLeavingOpen(admin,
                    new TopicPartition(topics.control(), 0), new byte[] {1},
                    (maker, producerId, epoch) -> {
                        for (int partition = 0; partition < 2; partition++) {
                            maker.writeUnannounced(new TopicPartition(topics.leaderboard(), partition), producerId,
                                    epoch, System.currentTimeMillis() - 120_000);
                        }
                    });
            send(topics.events(), MessageSamples.trialRun("s-hr", 1, 6.0));

            // Checked every 20 s, running or not.
            List<Message> seen = boards.readUntil(topics.leaderboard(), list -> completed(list, 2), WAIT, Duration.ZERO);

            assertThat(completed(seen, 2)).as("the board behind the hanging transaction, visible").isTrue();
            assertThat(app.running()).isTrue();
        }
    }

    /**
     * Its own transaction hanging on {@code trials} (as in CI on 2026-12-07: the broker dropped the
     * markers of the transaction that released a trial there): the check aborts it, which discards
     * the release, and then sends the request again, as the search is still running.
     */
    @Test
    void shouldSendAgainATrialRequestThatAnAbortOfItsOwnOnTrialsDiscarded() throws Exception {
        Topics topics = topics("hq.");
        String transactionalId = "hq.aggregator-0c0ffee0-0000-0000-0000-000000000000-1";
        TopicReader boards = new TopicReader(KAFKA.get().bootstrapServers(), codec);
        try (AggregatorApp app = new AggregatorApp(new AggregatorConfig(KAFKA.get().bootstrapServers(), topics,
                dir.resolve("state"), 20, WAIT), Clock.systemUTC()).start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.get().bootstrapServers()))) {
            send(topics.searches(), MessageSamples.twoTrialSearch("s-hq"));
            boards.readUntil(topics.leaderboard(), list -> !list.isEmpty(), WAIT, Duration.ZERO);
            TrialRequested lost = new TrialRequested("s-hq", "s-hq-t0007", 7, MessageSamples.PARAMS, 7,
                    MessageSamples.CV_PLAN, MessageSamples.DATASET, MessageSamples.AT);

            new HangingTransactionMaker(KAFKA.get().bootstrapServers(), transactionalId).commitLeavingOpen(admin,
                    new TopicPartition(topics.control(), 0), new byte[] {1},
                    (maker, producerId, epoch) -> maker.writeUnannounced(new TopicPartition(topics.trials(), 1),
                            producerId, epoch, System.currentTimeMillis() - 120_000, "s-hq-lane7".getBytes(),
                            codec.encode(lost)));

            // Checked every 20 s: aborted, then sent again.
            List<Message> trials = boards.readUntil(topics.trials(), list -> list.stream()
                    .anyMatch(m -> m instanceof TrialRequested r && r.trialId().equals("s-hq-t0007")), WAIT,
                    Duration.ZERO);

            assertThat(trials).filteredOn(m -> m instanceof TrialRequested r && r.trialId().equals("s-hq-t0007"))
                    .hasSize(1);
        }
    }

    /**
     * The same with a final-fit request inside (as if the transaction that asked for the search's
     * final model had lost its markers): aborted, and the request sent again while the search waits
     * in {@code final-fit}.
     */
    @Test
    void shouldSendAgainAFinalFitRequestThatAnAbortOfItsOwnOnTrialsDiscarded() throws Exception {
        Topics topics = topics("hf.");
        String transactionalId = "hf.aggregator-0c0ffee0-0000-0000-0000-000000000000-1";
        TopicReader reader = new TopicReader(KAFKA.get().bootstrapServers(), codec);
        try (AggregatorApp app = new AggregatorApp(new AggregatorConfig(KAFKA.get().bootstrapServers(), topics,
                dir.resolve("state"), 20, WAIT), Clock.systemUTC()).start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.get().bootstrapServers()))) {
            send(topics.searches(), MessageSamples.twoTrialSearch("s-hf"));
            send(topics.events(), MessageSamples.trialRun("s-hf", 0, 5.0));
            send(topics.events(), MessageSamples.trialRun("s-hf", 1, 6.0));
            // Both trials completed: its final fit is asked for (committed), and it waits for it.
            FinalFitRequested asked = (FinalFitRequested) reader.readUntil(topics.trials(),
                    list -> list.stream().anyMatch(FinalFitRequested.class::isInstance), WAIT, Duration.ZERO)
                    .stream().filter(FinalFitRequested.class::isInstance).findFirst().orElseThrow();
            assertThat(app.leaderboard("s-hf").orElseThrow().status()).isEqualTo(SearchStatus.FINAL_FIT);

            new HangingTransactionMaker(KAFKA.get().bootstrapServers(), transactionalId).commitLeavingOpen(admin,
                    new TopicPartition(topics.control(), 0), new byte[] {1},
                    (maker, producerId, epoch) -> maker.writeUnannounced(new TopicPartition(topics.trials(), 0),
                            producerId, epoch, System.currentTimeMillis() - 120_000, asked.searchId().getBytes(),
                            codec.encode(asked)));

            // Checked every 20 s: aborted, then sent again (the first, committed long before, stays).
            List<Message> trials = reader.readUntil(topics.trials(), list -> list.stream()
                    .filter(FinalFitRequested.class::isInstance).count() == 2, WAIT, Duration.ofSeconds(2));

            assertThat(trials).filteredOn(FinalFitRequested.class::isInstance).hasSize(2)
                    .allSatisfy(m -> assertThat(((FinalFitRequested) m).trialId()).isEqualTo(asked.trialId()));
        }
    }

    private static boolean completed(List<Message> boards, int completed) {
        return boards.stream().anyMatch(m -> m instanceof LeaderboardSnapshot s && s.counts().completed() == completed);
    }

    @Test
    void shouldAbortAWorkersTransactionHangingOnTheEventsTopicSoTheEventsBehindItAreApplied() throws Exception {
        Topics topics = topics("hw.");
        try (AggregatorApp app = new AggregatorApp(new AggregatorConfig(KAFKA.get().bootstrapServers(), topics,
                dir.resolve("state"), 20, WAIT), Clock.systemUTC()).start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.get().bootstrapServers()))) {
            send(topics.searches(), MessageSamples.twoTrialSearch("s-hw"));
            TopicPartition events = send(topics.events(), MessageSamples.trialRun("s-hw", 0, 5.0));

            // A worker slot's transaction: its blob chunk reached models-0 and was committed there,
            // its write to the search's events partition never got the marker.
            String transactionalId = ClientConfigs.workerTransactionalId(topics, "w1", 0);
            // Two minutes ago as far as the broker can tell: past the 60 s after which it counts as hanging.
            new HangingTransactionMaker(KAFKA.get().bootstrapServers(), transactionalId).commitLeavingOpen(admin,
                    new TopicPartition(topics.models(), 0), new byte[] {1},
                    (maker, producerId, epoch) -> maker.writeUnannounced(events, producerId, epoch,
                            System.currentTimeMillis() - 120_000));
            assertThat(send(topics.events(), MessageSamples.trialRun("s-hw", 1, 6.0))).isEqualTo(events);

            List<Message> boards = new TopicReader(KAFKA.get().bootstrapServers(), codec).readUntil(topics.leaderboard(),
                    list -> list.stream().anyMatch(m -> m instanceof LeaderboardSnapshot s && s.counts().completed() == 2),
                    WAIT, Duration.ZERO);

            assertThat(boards).anySatisfy(m -> assertThat(m).isInstanceOfSatisfying(LeaderboardSnapshot.class,
                    s -> assertThat(s.counts().completed()).isEqualTo(2)));
            long lastStable = admin.listOffsets(Map.of(events, OffsetSpec.latest()),
                    new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get().get(events).offset();
            long end = admin.listOffsets(Map.of(events, OffsetSpec.latest())).all().get().get(events).offset();
            assertThat(lastStable).isEqualTo(end);
        }
    }

    @Test
    void shouldAbortAWorkersTransactionHangingOnTheWorkersGroupOffsetsSoASlotCanFetchThem() throws Exception {
        Topics topics = topics("hg.");
        String workers = topics.prefix() + "workers"; // WorkerConfig.groupId()
        TopicPartition trials = new TopicPartition(topics.trials(), 0);
        try (AggregatorApp app = new AggregatorApp(new AggregatorConfig(KAFKA.get().bootstrapServers(), topics,
                dir.resolve("state"), 20, WAIT), Clock.systemUTC()).start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.get().bootstrapServers()));
             KafkaConsumer<String, byte[]> slot = new KafkaConsumer<>(
                     ClientConfigs.consumer(KAFKA.get().bootstrapServers(), "w1/slot-0", workers))) {
            assertThat(slot.committed(Set.of(trials), Duration.ofSeconds(10))).containsEntry(trials, null);
            // A worker slot's transaction: its terminal event reached events and was committed there,
            // its offset commit on the workers' group offsets never got the marker.
            String transactionalId = ClientConfigs.workerTransactionalId(topics, "w1", 0);
            TopicPartition events = new TopicPartition(topics.events(), 0);
            new HangingTransactionMaker(KAFKA.get().bootstrapServers(), transactionalId).commitLeavingOpen(admin,
                    events, codec.encode(MessageSamples.trialRun("s-hg", 0, 5.0)[1]),
                    (maker, producerId, epoch) -> maker.commitOffsetUnannounced(workers, trials, 3, producerId, epoch));
            assertThatThrownBy(() -> slot.committed(Set.of(trials), Duration.ofSeconds(3)))
                    .isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);

            // Hanging after 60 s open (the group coordinator stamps the record now), checked every 20 s.
            Map<TopicPartition, ?> committed = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (committed == null && System.nanoTime() < deadline) {
                try {
                    committed = slot.committed(Set.of(trials), Duration.ofSeconds(5));
                } catch (org.apache.kafka.common.errors.TimeoutException e) {
                    // still unstable
                }
            }
            assertThat(committed).as("the slot's committed offsets, fetchable again").isNotNull();
            assertThat(committed.get(trials)).as("the aborted commit is gone").isNull();
        }
    }

    private static Topics topics(String prefix) {
        Topics topics = new Topics(prefix);
        try (TopicBootstrap bootstrap = new TopicBootstrap(KAFKA.get().bootstrapServers(), topics,
                new TopicLayout(2, 2, (short) 1), Duration.ofSeconds(20))) {
            bootstrap.ensureTopics();
        }
        return topics;
    }

    /** Sends the messages (one key: one partition); returns the partition they went to. */
    private TopicPartition send(String topic, Message... messages) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                ClientConfigs.producer(KAFKA.get().bootstrapServers(), "test"))) {
            TopicPartition partition = null;
            for (Message message : messages) {
                var metadata = producer.send(new ProducerRecord<>(topic, message.key(), codec.encode(message))).get();
                partition = new TopicPartition(metadata.topic(), metadata.partition());
            }
            return partition;
        }
    }

}
