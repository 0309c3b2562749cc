package dev.trialstream.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.core.metrics.CvScores;
import dev.trialstream.core.message.DeadLetter;
import dev.trialstream.core.message.EpochReported;
import dev.trialstream.core.message.EventMessage;
import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.MessageDecodeException;
import dev.trialstream.core.message.MessageSamples;
import dev.trialstream.core.message.TrialCompleted;
import dev.trialstream.core.message.TrialMessage;
import dev.trialstream.core.metrics.RegressionMetrics;
import dev.trialstream.kafka.DeadLetters;
import dev.trialstream.kafka.TopicBootstrap;
import dev.trialstream.kafka.TopicLayout;
import dev.trialstream.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MessagingBrokerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();
    private final MessageCodec codec = new MessageCodec();

    private static Topics topics(String prefix) {
        Topics topics = new Topics(prefix);
        try (TopicBootstrap bootstrap = new TopicBootstrap(kafka.bootstrapServers(), topics,
                new TopicLayout(1, 1, (short) 1), Duration.ofSeconds(10))) {
            bootstrap.ensureTopics();
        }
        return topics;
    }

    @Test
    void shouldCarryEveryMessageTypeThroughTheBrokerAsPlainJson() {
        Topics topics = topics("plain.");
        List<Message> sent = MessageSamples.all();
        // A burst straight after creation: several batches in flight to a brand-new partition.
        try (KafkaProducer<String, Message> producer = producer(Map.of())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            sent.forEach(m -> acks.add(producer.send(new ProducerRecord<>(topics.events(), m.key(), m))));
            acks.forEach(MessagingBrokerTest::acknowledged);
        }

        List<ConsumerRecord<String, Message>> received =
                consume(topics.events(), decoding(Message.class), Map.of(), sent.size());
        List<ConsumerRecord<String, String>> asText =
                consume(topics.events(), new StringDeserializer(), Map.of(), sent.size());

        assertThat(received).extracting(ConsumerRecord::value).containsExactlyElementsOf(sent);
        assertThat(received).extracting(ConsumerRecord::key).containsExactlyElementsOf(sent.stream().map(Message::key).toList());
        assertThat(asText.get(sent.indexOf(MessageSamples.trialRequested())).value()).startsWith("{\"type\":\"TrialRequested\",\"schemaVersion\":5,\"searchId\":\"s-1\"");
    }

    @Test
    void shouldExposeOnlyCommittedTransactionsToReadCommittedConsumers() {
        Topics topics = topics("eos.");
        EpochReported progress = MessageSamples.epochReported();
        TrialCompleted committed = new TrialCompleted("s-1", "t-1", 3, CvScores.ofMse(List.of(1.4, 1.6)), 2, "w-1", 10);
        TrialCompleted aborted = new TrialCompleted("s-1", "t-2", 3, CvScores.ofMse(List.of(9.4, 9.6)), 2, "w-1", 11);
        long start = System.nanoTime();
        try (KafkaProducer<String, Message> producer = producer(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "eos-test-worker",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topics.events(), committed.key(), committed));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topics.events(), aborted.key(), aborted));
            producer.abortTransaction();
        }
        System.out.printf("two transactions (first on this broker) took %d ms%n",
                Duration.ofNanos(System.nanoTime() - start).toMillis());
        try (KafkaProducer<String, Message> plain = producer(Map.of())) {
            acknowledged(plain.send(new ProducerRecord<>(topics.events(), progress.key(), progress)));
        }

        List<ConsumerRecord<String, EventMessage>> received = consume(topics.events(),
                decoding(EventMessage.class),
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), 2);

        assertThat(received).extracting(ConsumerRecord::value).containsExactly(committed, progress);
    }

    @Test
    void shouldDeadLetterAPoisonRecordAndMoveOn() {
        Topics topics = topics("poison.");
        byte[] garbage = "{\"type\":\"TrialRequested\",\"schemaVersion\":7}".getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(producerConfig(Map.of()),
                new StringSerializer(), new ByteArraySerializer())) {
            acknowledged(raw.send(new ProducerRecord<>(topics.trials(), "t-bad", garbage)));
            acknowledged(raw.send(new ProducerRecord<>(topics.trials(), "s-1-t0007",
                    codec.encode(MessageSamples.trialRequested()))));
        }
        DeadLetters deadLetters = new DeadLetters(topics, Clock.systemUTC());

        // What a worker does with a record it cannot decode: dead-letter it, then go on to the next.
        List<DeadLetter> letters = new ArrayList<>();
        List<TrialMessage> decoded = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record
                : consume(topics.trials(), new ByteArrayDeserializer(), Map.of(), 2)) {
            try {
                decoded.add(codec.decode(record.value(), TrialMessage.class));
            } catch (MessageDecodeException e) {
                letters.add(deadLetters.of(record, e));
            }
        }
        try (KafkaProducer<String, Message> producer = producer(Map.of())) {
            letters.forEach(letter -> acknowledged(producer.send(
                    new ProducerRecord<>(topics.deadLetters(), letter.key(), letter))));
        }
        List<ConsumerRecord<String, DeadLetter>> dead =
                consume(topics.deadLetters(), decoding(DeadLetter.class), Map.of(), 1);

        assertThat(decoded).containsExactly(MessageSamples.trialRequested());
        assertThat(dead.get(0).key()).isEqualTo("t-bad");
        assertThat(dead.get(0).value().value()).isEqualTo(garbage);
        assertThat(dead.get(0).value().originalTopic()).isEqualTo("poison.trials");
        assertThat(dead.get(0).value().offset()).isZero();
        assertThat(dead.get(0).value().error())
                .isEqualTo("TrialRequested: written by a newer trialstream (schemaVersion 7); this one reads 3 to 5");
    }

    private KafkaProducer<String, Message> producer(Map<String, Object> overrides) {
        return new KafkaProducer<>(producerConfig(overrides), new StringSerializer(), (topic, message) -> codec.encode(message));
    }

    private <T extends Message> Deserializer<T> decoding(Class<T> family) {
        return (topic, bytes) -> codec.decode(bytes, family);
    }

    private static void acknowledged(Future<RecordMetadata> ack) {
        try {
            ack.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("send was not acknowledged: " + e, e);
        }
    }

    private static Map<String, Object> producerConfig(Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        // A lost record should fail the test in seconds, not after the default two minutes.
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        config.putAll(overrides);
        return config;
    }

    private static Map<String, Object> consumerConfig(Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putAll(overrides);
        return config;
    }

    /** Reads partition 0 of a topic from the start until {@code count} records arrived or the wait ran out. */
    private static <V> List<ConsumerRecord<String, V>> consume(String topic, Deserializer<V> values,
                                                              Map<String, Object> overrides, int count) {
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer =
                     new KafkaConsumer<>(consumerConfig(overrides), new StringDeserializer(), values)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertThat(records).as("records on " + topic).hasSize(count);
        return records;
    }
}
