package dev.trialstream.aggregator.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.broker.EmbeddedKafkaExtension;
import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.MessageSamples;
import dev.trialstream.core.message.TrialRequested;
import dev.trialstream.kafka.ClientConfigs;
import dev.trialstream.kafka.KafkaConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The trial requests an abort discarded on a {@code trials} partition are sent again — those of
 * running searches whose trial has no committed request after them — on a real broker, with
 * transactions committed, aborted and one left open.
 */
class LostTrialRequestsBrokerTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();
    private static final TopicPartition TRIALS = new TopicPartition("lt.trials", 0);
    private final MessageCodec codec = new MessageCodec();

    @Test
    void resend_sendsAgainWhatTheAbortDiscarded_onceAndOnlyForRunningSearches() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TRIALS.topic(), 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, byte[]> producer = transactional("lt-agg-1");
             KafkaProducer<String, byte[]> open = transactional("lt-agg-2")) {
            producer.initTransactions();
            open.initTransactions();
            send(producer, true, request("s-run", 0));
            long from = endOffset();
            // The transaction a broker's dropped markers left open, which the check then aborted.
            send(producer, false, request("s-run", 1), request("s-run", 2), request("s-over", 0));
            // Trial 2's input processed again after an ordinary abort: requested again, committed.
            send(producer, true, request("s-run", 2));
            // A transaction still open past the last stable offset: not judged.
            open.beginTransaction();
            open.send(record(request("s-run", 3))).get();

            List<TrialRequested> resent = new LostTrialRequests(KafkaConnection.of(kafka.bootstrapServers()), "lt-test",
                    codec, Duration.ofSeconds(20)).resend(TRIALS, from, "s-run"::equals);

            assertThat(resent).extracting(TrialRequested::trialId).containsExactly("s-run-t0001");
            open.abortTransaction();
        }
        assertThat(committedTrialIds()).containsExactly("s-run-t0000", "s-run-t0002", "s-run-t0001");
    }

    private static TrialRequested request(String searchId, int index) {
        return new TrialRequested(searchId, TrialRequested.idFor(searchId, index), index, MessageSamples.PARAMS, index,
                MessageSamples.CV_PLAN, MessageSamples.DATASET, MessageSamples.AT);
    }

    private ProducerRecord<String, byte[]> record(TrialRequested request) {
        return new ProducerRecord<>(TRIALS.topic(), TRIALS.partition(), request.searchId() + "-lane0", codec.encode(request));
    }

    private void send(KafkaProducer<String, byte[]> producer, boolean commit, TrialRequested... requests)
            throws Exception {
        producer.beginTransaction();
        for (TrialRequested request : requests) {
            producer.send(record(request)).get();
        }
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.abortTransaction();
        }
    }

    private static KafkaProducer<String, byte[]> transactional(String id) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, id), new StringSerializer(), new ByteArraySerializer());
    }

    private static long endOffset() {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                ClientConfigs.consumer(kafka.bootstrapServers(), "lt-end", null))) {
            return consumer.endOffsets(List.of(TRIALS)).get(TRIALS);
        }
    }

    /** The trial ids on the partition as a worker (read_committed) reads them, in order. */
    private List<String> committedTrialIds() {
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                ClientConfigs.consumer(kafka.bootstrapServers(), "lt-read", null))) {
            consumer.assign(List.of(TRIALS));
            consumer.seekToBeginning(List.of(TRIALS));
            long end = consumer.endOffsets(List.of(TRIALS)).get(TRIALS);
            while (consumer.position(TRIALS) < end) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (codec.decode(record.value(), Message.class) instanceof TrialRequested request) {
                        ids.add(request.trialId());
                    }
                }
            }
        }
        return ids;
    }
}
