package dev.trialstream.producer.kafka;

import dev.trialstream.core.message.MessageSamples;
import dev.trialstream.kafka.KeyedReader;
import dev.trialstream.kafka.KafkaConnection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trialstream.broker.EmbeddedKafkaExtension;
import dev.trialstream.core.data.DataSpec;
import dev.trialstream.core.data.DatasetLoader;
import dev.trialstream.core.data.DatasetSource;
import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.SearchSubmitted;
import dev.trialstream.core.message.StatusCounts;
import dev.trialstream.core.message.TrialRequested;
import dev.trialstream.core.spec.SearchSpec;
import dev.trialstream.core.status.SearchStatus;
import dev.trialstream.core.training.CvPlan;
import dev.trialstream.core.spec.SpecOverrides;
import dev.trialstream.core.strategy.Strategies;
import dev.trialstream.core.strategy.Strategy;
import dev.trialstream.kafka.BlobStore;
import dev.trialstream.kafka.ClientConfigs;
import dev.trialstream.kafka.TopicBootstrap;
import dev.trialstream.kafka.TopicLayout;
import dev.trialstream.kafka.Topics;
import dev.trialstream.kafka.TrialPartitions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SearchSubmitterBrokerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();
    private final MessageCodec codec = new MessageCodec();

    private static Topics topics(String prefix, int trialPartitions) {
        Topics topics = new Topics(prefix);
        try (TopicBootstrap bootstrap = new TopicBootstrap(kafka.bootstrapServers(), topics,
                new TopicLayout(2, trialPartitions, (short) 1), WAIT)) {
            bootstrap.ensureTopics();
        }
        return topics;
    }

    @Test
    void shouldPublishSearchDataAndItsFirstBatchSpreadOverPartitions() {
        Topics topics = topics("submit1.", 3);
        SearchSpec spec = SpecOverrides.none().withTrials(7).withEpochs(5).applyTo(MessageSamples.queuedAtOnce());
        Strategy strategy = Strategies.create(spec);
        DatasetSource source = new DatasetLoader().resolve(DataSpec.builtin("boston"));
        AtomicInteger ids = new AtomicInteger();

        SubmittedSearch submitted;
        try (KafkaProducer<String, byte[]> producer = SearchSubmitter.transactionalProducer(
                KafkaConnection.of(kafka.bootstrapServers()), topics)) {
            submitted = new SearchSubmitter(producer, topics, codec, Clock.systemUTC(), () -> "s-test" + ids.get())
                    .submit(spec, strategy, source);
        }

        assertThat(submitted.searchId()).isEqualTo("s-test0");
        // Only the first parallelism (the default, 4) trials: the aggregator releases the rest.
        List<ConsumerRecord<String, byte[]>> trials = readAll(topics.trials(), 4);
        assertThat(trials).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder("s-test0-t0000", "s-test0-t0001", "s-test0-t0002", "s-test0-t0003");
        assertThat(submitted.trials()).hasSize(4);
        for (ConsumerRecord<String, byte[]> record : trials) {
            TrialRequested trial = codec.decode(record.value(), TrialRequested.class);
            assertThat(record.partition()).isEqualTo(TrialPartitions.of(trial.searchId(), trial.index(), 3));
            assertThat(trial.cv()).isEqualTo(CvPlan.of(spec));
            assertThat(trial.cv().maxEpochs()).isEqualTo(5);
            assertThat(trial.params()).isEqualTo(strategy.initialTrials().get(trial.index()).params());
        }
        SearchSubmitted search = codec.decode(readAll(topics.searches(), 1).get(0).value(), SearchSubmitted.class);
        assertThat(search.spec()).isEqualTo(spec);
        assertThat(search.trialBudget()).isEqualTo(7);
        assertThat(search.parallelism()).isEqualTo(Strategies.DEFAULT_PARALLELISM);
        assertThat(search.dataset().layout()).isEqualTo(source.layout());

        // The data is in Kafka, byte for byte, under its hash.
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            byte[] train = new BlobStore(codec).fetch(consumer, topics.datasets(), search.dataset().train(), WAIT);
            assertThat(train).isEqualTo(source.train().bytes());
            byte[] test = new BlobStore(codec).fetch(consumer, topics.datasets(), search.dataset().test(), WAIT);
            assertThat(test).isEqualTo(source.test().bytes());
        }
    }

    @Test
    void secondSearchOnTheSameData_sendsNoChunkAgain() {
        Topics topics = topics("samedata.", 2);
        SearchSpec spec = SpecOverrides.none().withTrials(3).withEpochs(5).applyTo(MessageSamples.queuedAtOnce());
        DatasetSource source = new DatasetLoader().resolve(DataSpec.builtin("boston"));
        AtomicInteger ids = new AtomicInteger();

        List<SubmittedSearch> submitted = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = SearchSubmitter.transactionalProducer(
                KafkaConnection.of(kafka.bootstrapServers()), topics)) {
            SearchSubmitter submitter = new SearchSubmitter(producer, topics, codec, Clock.systemUTC(),
                    () -> "s-same" + ids.getAndIncrement());
            submitted.add(submitter.submit(spec, Strategies.create(spec), source));
            submitted.add(submitter.submit(spec, Strategies.create(spec), source));
        }

        // Both searches refer to the same files, whose chunks went to the topic once.
        assertThat(submitted.get(1).search().dataset()).isEqualTo(submitted.get(0).search().dataset());
        int chunks = submitted.get(0).search().dataset().train().chunkCount()
                + submitted.get(0).search().dataset().test().chunkCount();
        assertThat(read(topics.datasets(), "read_uncommitted")).hasSize(chunks);
        assertThat(readAll(topics.searches(), 2)).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("s-same0", "s-same1");
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            assertThat(new BlobStore(codec).fetch(consumer, topics.datasets(), submitted.get(1).search().dataset().test(),
                    WAIT)).isEqualTo(source.test().bytes());
        }
    }

    @Test
    void submitKilledBetweenSearchAndLastTrial_leavesNothingForReadCommittedReaders() {
        Topics topics = topics("killed.", 2);
        SearchSpec spec = SpecOverrides.none().withTrials(5).withEpochs(5).applyTo(MessageSamples.queuedAtOnce());
        DatasetSource source = new DatasetLoader().resolve(DataSpec.builtin("boston"));

        // Dies like a killed process after the search record and two trials reached the broker:
        // no abort, no commit; the transaction stays open until the coordinator times it out.
        try (CrashingProducer producer = new CrashingProducer(topics, 3, true)) {
            SearchSubmitter submitter = new SearchSubmitter(producer, topics, codec, Clock.systemUTC(), () -> "s-killed");
            assertThatThrownBy(() -> submitter.submit(spec, Strategies.create(spec), source))
                    .isInstanceOf(IllegalStateException.class).hasMessage("killed");
        }

        assertThat(read(topics.searches(), "read_uncommitted")).extracting(ConsumerRecord::key).containsExactly("s-killed");
        assertThat(read(topics.trials(), "read_uncommitted")).hasSize(2);
        assertThat(read(topics.searches(), "read_committed")).isEmpty();
        assertThat(read(topics.trials(), "read_committed")).isEmpty();
    }

    @Test
    void submitRefusedHalfWay_abortsAndLeavesNothing() {
        Topics topics = topics("refused.", 2);
        SearchSpec spec = SpecOverrides.none().withTrials(5).withEpochs(5).applyTo(MessageSamples.queuedAtOnce());
        DatasetSource source = new DatasetLoader().resolve(DataSpec.builtin("boston"));

        try (CrashingProducer producer = new CrashingProducer(topics, 3, false)) {
            SearchSubmitter submitter = new SearchSubmitter(producer, topics, codec, Clock.systemUTC(), () -> "s-refused");
            assertThatThrownBy(() -> submitter.submit(spec, Strategies.create(spec), source))
                    .isInstanceOf(SubmitException.class)
                    .hasMessage("search s-refused was not submitted, nothing of it was written: "
                            + "not authorized to write refused.trials (missing ACL)");
        }

        assertThat(read(topics.searches(), "read_uncommitted")).extracting(ConsumerRecord::key).containsExactly("s-refused");
        assertThat(read(topics.searches(), "read_committed")).isEmpty();
        assertThat(read(topics.trials(), "read_committed")).isEmpty();
        // The data went in its own, committed, transaction: a repeated submit finds it there.
        assertThat(read(topics.datasets(), "read_committed")).isNotEmpty();
    }

    /**
     * A transactional producer that fails at the n-th trial it is asked to send: like a killed
     * process (flushes what it has, closes without a word to the coordinator), or like a broker
     * that refuses the write (a send error; the submitter is still alive to abort).
     */
    private static final class CrashingProducer extends KafkaProducer<String, byte[]> {

        private final String trialsTopic;
        private final int failAt;
        private final boolean kill;
        private int trials;

        CrashingProducer(Topics topics, int failAt, boolean kill) {
            super(ClientConfigs.transactionalProducer(kafka.bootstrapServers(), "crashing",
                    topics.prefix() + "crashing-" + System.nanoTime()));
            this.trialsTopic = topics.trials();
            this.failAt = failAt;
            this.kill = kill;
            initTransactions();
        }

        @Override
        public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
            if (record.topic().equals(trialsTopic) && ++trials == failAt) {
                if (kill) {
                    flush();
                    close(Duration.ZERO);
                    throw new IllegalStateException("killed");
                }
                // What was sent before reaches the log first (else the abort may drop it unsent, and
                // the read_uncommitted check below would have nothing to see).
                flush();
                throw new TopicAuthorizationException(Set.of(trialsTopic));
            }
            return super.send(record, callback);
        }
    }

    private List<ConsumerRecord<String, byte[]>> read(String topic, String isolation) {
        return kafka.records(topic, isolation, WAIT);
    }

    @Test
    void shouldSettleAnAdaptiveSearchsParallelismInTheMessageNotTheSpec() {
        Topics topics = topics("submit2.", 2);
        SearchSpec spec = SpecOverrides.none().withTrials(6).withEpochs(5).withStrategy("tpe")
                .applyTo(MessageSamples.queuedAtOnce());
        assertThat(spec.parallelism()).isEmpty();
        Strategy strategy = Strategies.create(spec, 3);
        DatasetSource source = new DatasetLoader().resolve(DataSpec.builtin("boston"));

        try (KafkaProducer<String, byte[]> producer = SearchSubmitter.transactionalProducer(
                KafkaConnection.of(kafka.bootstrapServers()), topics)) {
            new SearchSubmitter(producer, topics, codec, Clock.systemUTC(), () -> "s-tpe").submit(spec, strategy, source);
        }

        SearchSubmitted search = codec.decode(readAll(topics.searches(), 1).get(0).value(), SearchSubmitted.class);
        assertThat(search.spec()).isEqualTo(spec);
        assertThat(search.parallelism()).isEqualTo(3);
        assertThat(search.trialBudget()).isEqualTo(6);
        assertThat(readAll(topics.trials(), 3)).hasSize(3);
        // Rebuilt from the message alone, the strategy plans the same first batch.
        assertThat(Strategies.create(search.spec(), search.parallelism()).initialTrials())
                .isEqualTo(strategy.initialTrials());
    }

    @Test
    void keyedReader_returnsTheLatestSnapshotPerSearch() {
        Topics topics = topics("reader1.", 1);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                ClientConfigs.producer(kafka.bootstrapServers(), "test"))) {
            for (int done = 0; done < 3; done++) {
                for (String id : List.of("s-a", "s-b")) {
                    LeaderboardSnapshot snapshot = new LeaderboardSnapshot(id, "n", new StatusCounts(3 - done, 0, done, 0, 0),
                            List.of(), List.of(), done * 10L, 30, null,
                            done == 2 ? SearchStatus.DONE : SearchStatus.RUNNING, done);
                    producer.send(new ProducerRecord<>(topics.leaderboard(), id, codec.encode(snapshot)));
                }
            }
        }

        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            KeyedReader reader = new KeyedReader(consumer, codec, WAIT);
            LeaderboardSnapshot b = reader.latest(topics.leaderboard(), "s-b", LeaderboardSnapshot.class).orElseThrow();
            Map<String, LeaderboardSnapshot> all = reader.all(topics.leaderboard(), LeaderboardSnapshot.class);

            assertThat(b.epochsTrained()).isEqualTo(20);
            assertThat(b.done()).isTrue();
            assertThat(all).containsOnlyKeys("s-a", "s-b");
            assertThat(all.get("s-a").counts().completed()).isEqualTo(2);
            assertThat(reader.latest(topics.leaderboard(), "s-unknown", LeaderboardSnapshot.class)).isEmpty();
        }
    }

    /**
     * Following a search that has been running a while: its latest snapshot at once, not each one
     * published before following began, then every new one.
     */
    @Test
    void follower_passesOnTheLatestSnapshotAlreadyThere_thenEachNewOne() throws Exception {
        Topics topics = topics("follow2.", 1);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                ClientConfigs.producer(kafka.bootstrapServers(), "test"))) {
            for (int epochs = 1; epochs <= 3; epochs++) {
                producer.send(new ProducerRecord<>(topics.leaderboard(), "s-a", codec.encode(board("s-a", epochs, false))));
                producer.send(new ProducerRecord<>(topics.leaderboard(), "s-b", codec.encode(board("s-b", epochs, false))));
            }
            producer.flush();
            List<Long> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.concurrent.CompletableFuture<LeaderboardSnapshot> followed;
            try (KafkaConsumer<String, byte[]> consumer = consumer()) {
                LeaderboardFollower follower = new LeaderboardFollower(consumer, codec, topics.leaderboard(), WAIT);
                followed = java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> follower.follow("s-a", WAIT, snapshot -> seen.add(snapshot.epochsTrained())));
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (seen.isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                producer.send(new ProducerRecord<>(topics.leaderboard(), "s-a", codec.encode(board("s-a", 4, false))));
                producer.send(new ProducerRecord<>(topics.leaderboard(), "s-a", codec.encode(board("s-a", 5, true))));
                producer.flush();
                assertThat(followed.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).epochsTrained()).isEqualTo(5);
            }
            assertThat(seen).as("the epochs of the snapshots passed on").containsExactly(3L, 4L, 5L);
        }
    }

    private static LeaderboardSnapshot board(String id, long epochs, boolean done) {
        return new LeaderboardSnapshot(id, "n", new StatusCounts(0, done ? 0 : 1, done ? 1 : 0, 0, 0), List.of(), List.of(),
                epochs, 10, null, done ? SearchStatus.DONE : SearchStatus.RUNNING, epochs);
    }

    /** Following a search no aggregator serves: one hint once the silence has lasted, then the time-out. */
    @Test
    void follower_saysOnceThatNoLeaderboardHasCome_andGoesOnWaiting() {
        Topics topics = topics("follow1.", 1);
        List<String> hints = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            LeaderboardFollower follower = new LeaderboardFollower(consumer, codec, topics.leaderboard(), WAIT)
                    .hintingWhenSilent(Duration.ofSeconds(1), (search, silence) -> hints.add(search + " " + silence));

            assertThatThrownBy(() -> follower.follow("s-nobody", Duration.ofSeconds(3), snapshot -> { }))
                    .isInstanceOf(LeaderboardFollower.SearchTimeoutException.class)
                    .hasMessage("search s-nobody did not finish within 3 s (no leaderboard yet: is an aggregator"
                            + " running against this cluster, with the same --topic-prefix?)");
        }
        assertThat(hints).as("the hints given").containsExactly("s-nobody NO_LEADERBOARD");
    }

    /**
     * Following a search that no worker picks up, its aggregator republishing it as a running one
     * does: one hint once that has lasted, then the time-out.
     */
    @Test
    void follower_saysOnceThatNoTrialHasStarted_andGoesOnWaiting() {
        Topics topics = topics("follow3.", 1);
        List<String> hints = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.ScheduledExecutorService aggregator = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                ClientConfigs.producer(kafka.bootstrapServers(), "test"));
             KafkaConsumer<String, byte[]> consumer = consumer()) {
            aggregator.scheduleAtFixedRate(() -> producer.send(new ProducerRecord<>(topics.leaderboard(), "s-idle",
                    codec.encode(new LeaderboardSnapshot("s-idle", "n", new StatusCounts(4, 0, 0, 0, 0), List.of(),
                            List.of(), 0, 40, null, SearchStatus.RUNNING, 1)))), 0, 300,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
            LeaderboardFollower follower = new LeaderboardFollower(consumer, codec, topics.leaderboard(), WAIT)
                    .hintingWhenSilent(Duration.ofSeconds(1), (search, silence) -> hints.add(search + " " + silence));

            assertThatThrownBy(() -> follower.follow("s-idle", Duration.ofSeconds(3), snapshot -> { }))
                    .isInstanceOf(LeaderboardFollower.SearchTimeoutException.class)
                    .hasMessage("search s-idle did not finish within 3 s (no trial of it has started: are workers"
                            + " running against this cluster, with the same --topic-prefix (or are they all busy with"
                            + " other searches)?)");
        } finally {
            aggregator.shutdownNow();
        }
        assertThat(hints).as("the hints given").containsExactly("s-idle NO_TRIAL_STARTED");
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(ClientConfigs.consumer(kafka.bootstrapServers(), "test-reader", null));
    }

    private List<ConsumerRecord<String, byte[]>> readAll(String topic, int expected) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertThat(records).hasSize(expected);
        for (ConsumerRecord<String, byte[]> record : records) {
            assertThat(codec.decode(record.value(), Message.class)).isNotNull();
        }
        return records;
    }
}
