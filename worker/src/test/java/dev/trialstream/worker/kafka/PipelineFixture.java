package dev.trialstream.worker.kafka;

import dev.trialstream.broker.EmbeddedKafka;
import dev.trialstream.core.message.DatasetRef;
import dev.trialstream.core.message.EpochReported;
import dev.trialstream.core.message.EventMessage;
import dev.trialstream.core.message.FileRef;
import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.TrialEnded;
import dev.trialstream.core.message.TrialRequested;
import dev.trialstream.core.training.CvPlan;
import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.testing.SyntheticData;
import dev.trialstream.kafka.BlobStore;
import dev.trialstream.kafka.ClientConfigs;
import dev.trialstream.kafka.TopicBootstrap;
import dev.trialstream.kafka.TopicLayout;
import dev.trialstream.kafka.TopicReader;
import dev.trialstream.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/** One topic prefix on a shared embedded broker, with helpers to publish trials and read events. */
final class PipelineFixture {

    static final Duration WAIT = Duration.ofSeconds(60);

    final EmbeddedKafka kafka;
    final Topics topics;
    final MessageCodec codec = new MessageCodec();

    PipelineFixture(EmbeddedKafka kafka, String prefix, int trialPartitions) {
        this.kafka = kafka;
        this.topics = new Topics(prefix);
        try (TopicBootstrap bootstrap = new TopicBootstrap(kafka.bootstrapServers(), topics,
                new TopicLayout(2, trialPartitions, (short) 1), Duration.ofSeconds(20))) {
            bootstrap.ensureTopics();
        }
    }

    /** The worker's failure once it has one, or empty after {@link #WAIT}. */
    static Optional<String> awaitFailure(TrialWorker worker) throws InterruptedException {
        Optional<String> failure = worker.failure();
        for (long deadline = System.nanoTime() + WAIT.toNanos();
             System.nanoTime() < deadline && failure.isEmpty(); Thread.sleep(100)) {
            failure = worker.failure();
        }
        return failure;
    }

    KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(ClientConfigs.producer(kafka.bootstrapServers(), "test-producer"));
    }

    WorkerConfig workerConfig(String workerId, int slots) {
        return new WorkerConfig(kafka.bootstrapServers(), topics, workerId, slots, Duration.ofMillis(50),
                Duration.ofSeconds(30), Duration.ofSeconds(30));
    }

    /** Uploads a seeded linear-regression CSV (a split fraction holds out the test rows). */
    DatasetRef uploadSyntheticData(int rows, long seed) {
        byte[] csv = SyntheticData.linearCsv(rows, 3, 0.1, seed).getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<String, byte[]> producer = producer()) {
            FileRef train = new BlobStore(codec).uploadAndWait(producer, topics.datasets(), csv, "synthetic.csv");
            return DatasetRef.withSplit("synthetic", train, 0.2, 42, SyntheticData.TARGET, List.of());
        }
    }

    List<TrialRequested> trials(String searchId, int count, int epochs, DatasetRef data) {
        List<TrialRequested> trials = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Hyperparameters params = Hyperparameters.fromMap(Map.of("neurons", 8, "learningRate", 0.01 * (i + 1)));
            trials.add(new TrialRequested(searchId, searchId + "-t" + i, i, params, 100 + i,
                    new CvPlan(3, 0, epochs, 0, true), data, 1));
        }
        return trials;
    }

    void publish(List<? extends Message> messages, int partitions) {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (Message message : messages) {
                if (message instanceof TrialRequested trial) {
                    producer.send(new ProducerRecord<>(topics.trials(), trial.index() % partitions, trial.trialId(),
                            codec.encode(trial)));
                } else {
                    producer.send(new ProducerRecord<>(topics.trials(), message.key(), codec.encode(message)));
                }
            }
        }
    }

    void publishControl(dev.trialstream.core.message.ControlMessage message) {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(topics.control(), message.key(), codec.encode(message)));
        }
    }

    void publishRaw(String topic, String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, key, value));
        }
    }

    /** Reads a topic (read_committed) from the start until {@code done} holds or the wait runs out. */
    List<Message> readUntil(String topic, Predicate<List<Message>> done) {
        return readUntil(topic, done, Duration.ZERO);
    }

    /** As {@link #readUntil(String, Predicate)}, then keeps reading for {@code settle} to catch late extras. */
    List<Message> readUntil(String topic, Predicate<List<Message>> done, Duration settle) {
        return new TopicReader(kafka.bootstrapServers(), codec).readUntil(topic, done, WAIT, settle);
    }

    /** Events read until {@code terminal} terminal events (of any trial) are seen, then a little more. */
    List<EventMessage> eventsUntilTerminal(int terminal) {
        // The settling time gives a duplicate, if the pipeline were to produce one, a chance to show up.
        return readUntil(topics.events(), list -> list.stream().filter(TrialEnded.class::isInstance).count() >= terminal,
                Duration.ofMillis(1500)).stream().map(EventMessage.class::cast).toList();
    }

    /**
     * The distinct (trial, epoch) pairs reported among {@code events}. Epoch reports are plain
     * sends, at least once: a trial run again (a rebalance on a loaded machine) reports its epochs
     * again, so tests count epochs reported, not messages.
     */
    static Set<String> epochsReported(List<EventMessage> events) {
        return events.stream().filter(e -> e instanceof EpochReported)
                .map(e -> e.trialId() + "@" + ((EpochReported) e).epoch())
                .collect(Collectors.toSet());
    }

    /** The distinct epochs reported for one trial. */
    static Set<String> epochsReported(List<EventMessage> events, String trialId) {
        return epochsReported(events.stream().filter(e -> e.trialId().equals(trialId)).toList());
    }

    /** How many terminal events each trial has among {@code events}: exactly once means 1 each. */
    static Map<String, Long> terminalCountByTrial(List<EventMessage> events) {
        return events.stream().filter(TrialEnded.class::isInstance)
                .collect(java.util.stream.Collectors.groupingBy(EventMessage::trialId, java.util.stream.Collectors.counting()));
    }

    /** The committed offsets of the worker group, summed over the trials partitions. */
    long committedTrialOffsets(String groupId) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get();
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topics.trials()))
                    .mapToLong(e -> e.getValue().offset()).sum();
        }
    }
}
