package dev.trialstream.aggregator.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.broker.EmbeddedKafkaExtension;
import dev.trialstream.core.message.FinalFitRequested;
import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.MessageSamples;
import dev.trialstream.core.message.TrialMessage;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The requests an abort discarded on a {@code trials} partition are sent again — those of running
 * (or fitting) searches with no committed copy of the same request after them — on a real broker,
 * with transactions committed, aborted and one left open.
 */
class LostTrialRequestsBrokerTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();
    private static final TopicPartition TRIALS = new TopicPartition("lt.trials", 0);
    private static final TopicPartition FITS = new TopicPartition("lt.trials", 1);
    private final MessageCodec codec = new MessageCodec();

    @BeforeAll
    static void createTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TRIALS.topic(), 2, (short) 1))).all().get();
        }
    }

    @Test
    void resend_sendsAgainWhatTheAbortDiscarded_onceAndOnlyForRunningSearches() throws Exception {
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

            List<TrialMessage> resent = new LostTrialRequests(KafkaConnection.of(kafka.bootstrapServers()), "lt-test",
                    codec, Duration.ofSeconds(20)).resend(TRIALS, from, "s-run"::equals);

            assertThat(resent).extracting(TrialMessage::trialId).containsExactly("s-run-t0001");
            open.abortTransaction();
        }
        assertThat(committed(TRIALS)).containsExactly("s-run-t0000", "s-run-t0002", "s-run-t0001");
    }

    @Test
    void resend_sendsAgainAFinalFitRequestTheAbortDiscarded_unlessItWasAskedForAgain() throws Exception {
        try (KafkaProducer<String, byte[]> producer = transactional("lt-agg-3")) {
            producer.initTransactions();
            long from = endOffset(FITS);
            // Discarded: the last trial's request and two searches' final fits, one of them (s-b)
            // asked for again by `refit` and committed after.
            send(producer, FITS, false, request("s-a", 5), finalFit("s-a", 3), finalFit("s-b", 1));
            send(producer, FITS, true, finalFit("s-b", 1));

            List<TrialMessage> resent = new LostTrialRequests(KafkaConnection.of(kafka.bootstrapServers()), "lt-test-2",
                    codec, Duration.ofSeconds(20)).resend(FITS, from, id -> true);

            // The trial request of the same search's trial 3 would not stand for its final fit, nor the reverse.
            assertThat(resent).extracting(message -> message.getClass().getSimpleName() + " " + message.trialId())
                    .containsExactly("TrialRequested s-a-t0005", "FinalFitRequested s-a-t0003");
        }
        assertThat(committed(FITS)).containsExactly("final fit s-b-t0001", "s-a-t0005", "final fit s-a-t0003");
    }

    private static FinalFitRequested finalFit(String searchId, int winner) {
        return new FinalFitRequested(searchId, TrialRequested.idFor(searchId, winner), MessageSamples.PARAMS, winner,
                20, MessageSamples.DATASET, true, 1, MessageSamples.AT);
    }

    private static TrialRequested request(String searchId, int index) {
        return new TrialRequested(searchId, TrialRequested.idFor(searchId, index), index, MessageSamples.PARAMS, index,
                MessageSamples.CV_PLAN, MessageSamples.DATASET, MessageSamples.AT);
    }

    private ProducerRecord<String, byte[]> record(TrialMessage request) {
        return record(TRIALS, request);
    }

    private ProducerRecord<String, byte[]> record(TopicPartition partition, TrialMessage request) {
        return new ProducerRecord<>(partition.topic(), partition.partition(), request.searchId() + "-lane0",
                codec.encode(request));
    }

    private void send(KafkaProducer<String, byte[]> producer, boolean commit, TrialMessage... requests)
            throws Exception {
        send(producer, TRIALS, commit, requests);
    }

    private void send(KafkaProducer<String, byte[]> producer, TopicPartition partition, boolean commit,
                      TrialMessage... requests) throws Exception {
        producer.beginTransaction();
        for (TrialMessage request : requests) {
            producer.send(record(partition, request)).get();
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
        return endOffset(TRIALS);
    }

    private static long endOffset(TopicPartition partition) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                ClientConfigs.consumer(kafka.bootstrapServers(), "lt-end", null))) {
            return consumer.endOffsets(List.of(partition)).get(partition);
        }
    }

    /**
     * The requests on the partition as a worker (read_committed) reads them, in order: a trial's
     * id, or "final fit" and its winner's.
     */
    private List<String> committed(TopicPartition partition) {
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                ClientConfigs.consumer(kafka.bootstrapServers(), "lt-read", null))) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Message message = codec.decode(record.value(), Message.class);
                    if (message instanceof TrialRequested request) {
                        ids.add(request.trialId());
                    } else if (message instanceof FinalFitRequested request) {
                        ids.add("final fit " + request.trialId());
                    }
                }
            }
        }
        return ids;
    }
}
