package dev.trialstream.aggregator.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.broker.EmbeddedKafka;
import dev.trialstream.broker.HangingTransactionMaker;
import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.MessageSamples;
import dev.trialstream.core.message.SearchSubmitted;
import dev.trialstream.core.message.TrialCompleted;
import dev.trialstream.core.message.TrialStarted;
import dev.trialstream.core.metrics.CvScores;
import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.spec.SearchSpec;
import dev.trialstream.core.spec.SpecOverrides;
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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker's transaction hanging on the events topic (made by {@link HangingTransactionMaker}: the
 * coordinator committed it, the events partition never got the marker) pins that partition's last
 * stable offset, so the aggregator reads nothing after it; the aggregator finds it among the
 * workers' transactions and aborts it, and the events behind it reach the leaderboard.
 */
class HangingWorkerTransactionBrokerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static EmbeddedKafka kafka;
    private final MessageCodec codec = new MessageCodec();

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start(HangingTransactionMaker.BROKER_SETTINGS);
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void shouldAbortAWorkersTransactionHangingOnTheEventsTopicSoTheEventsBehindItAreApplied() throws Exception {
        Topics topics = new Topics("hw.");
        try (TopicBootstrap bootstrap = new TopicBootstrap(kafka.bootstrapServers(), topics,
                new TopicLayout(2, 2, (short) 1), Duration.ofSeconds(20))) {
            bootstrap.ensureTopics();
        }
        try (AggregatorApp app = new AggregatorApp(new AggregatorConfig(kafka.bootstrapServers(), topics,
                dir.resolve("state"), 20, WAIT), Clock.systemUTC()).start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            send(topics.searches(), search("s-hw"));
            TopicPartition events = send(topics.events(), trial("s-hw", 0, 5.0));

            // A worker slot's transaction: its blob chunk reached models-0 and was committed there,
            // its write to the search's events partition never got the marker.
            String transactionalId = ClientConfigs.workerTransactionalId(topics, "w1", 0);
            TopicPartition models = new TopicPartition(topics.models(), 0);
            try (KafkaProducer<String, byte[]> worker = new KafkaProducer<>(ClientConfigs.transactionalProducer(
                    kafka.bootstrapServers(), "w1-slot-0", transactionalId))) {
                worker.initTransactions();
                worker.beginTransaction();
                worker.send(new ProducerRecord<>(models.topic(), models.partition(), "blob", new byte[] {1})).get();
                ProducerState producer = admin.describeProducers(List.of(models)).all().get().get(models)
                        .activeProducers().stream().filter(p -> p.currentTransactionStartOffset().isPresent())
                        .findFirst().orElseThrow();
                // Two minutes ago as far as the broker can tell: past the 60 s after which it counts as hanging.
                new HangingTransactionMaker(kafka.bootstrapServers(), transactionalId).writeUnannounced(events,
                        producer.producerId(), (short) producer.producerEpoch(), System.currentTimeMillis() - 120_000);
                worker.commitTransaction();
            }
            assertThat(send(topics.events(), trial("s-hw", 1, 6.0))).isEqualTo(events);

            List<Message> boards = new TopicReader(kafka.bootstrapServers(), codec).readUntil(topics.leaderboard(),
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

    /** Sends the messages (one key: one partition); returns the partition they went to. */
    private TopicPartition send(String topic, Message... messages) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                ClientConfigs.producer(kafka.bootstrapServers(), "test"))) {
            TopicPartition partition = null;
            for (Message message : messages) {
                var metadata = producer.send(new ProducerRecord<>(topic, message.key(), codec.encode(message))).get();
                partition = new TopicPartition(metadata.topic(), metadata.partition());
            }
            return partition;
        }
    }

    private static SearchSubmitted search(String id) {
        SearchSpec spec = SpecOverrides.none().withTrials(2).withEpochs(10).applyTo(MessageSamples.queuedAtOnce());
        return new SearchSubmitted(id, spec, MessageSamples.DATASET, 2, 2, 1);
    }

    private static Message[] trial(String search, int i, double mse) {
        String trialId = search + "-t" + i;
        return new Message[] {
            new TrialStarted(search, trialId, i, Hyperparameters.fromMap(Map.of("neurons", 10 + i)), i, "a", "w", 1),
            new TrialCompleted(search, trialId, 10, CvScores.ofMse(List.of(mse, mse)), 1, "w", 1)};
    }
}
