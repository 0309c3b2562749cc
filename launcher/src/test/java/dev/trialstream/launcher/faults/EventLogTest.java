package dev.trialstream.launcher.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trialstream.broker.EmbeddedKafkaExtension;
import dev.trialstream.launcher.faults.BenchEvent.Kind;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The events reader of the fault suite and the share bench, on an embedded broker. */
class EventLogTest {

    private static final BenchEvent T1_START = new BenchEvent(Kind.START, "t1", "c1", 0, 1);
    private static final BenchEvent T2_START = new BenchEvent(Kind.START, "t2", "c1", 0, 2);
    private static final BenchEvent T1_DONE = new BenchEvent(Kind.DONE, "t1", "c1", 0, 3);
    private static final BenchEvent T3_DONE = new BenchEvent(Kind.DONE, "t3", "c2", 0, 4);

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @Test
    void readsEveryPartitionOfATopicCreatedAfterIt_committedOnly_passingOverWhatItCannotDecode() throws Exception {
        String topic = "eventlog.late";
        try (EventLog<BenchEvent> log = new EventLog<>(kafka.bootstrapServers(), topic, "eventlog-late",
                BenchEvent::fromRecord)) {
            Thread.sleep(1_000); // the reader has asked for the topic before it exists
            createTopic(topic, 2);
            try (KafkaProducer<String, String> tx = producer("eventlog-late")) {
                tx.initTransactions();
                tx.beginTransaction();
                tx.send(new ProducerRecord<>(topic, 0, "t1", T1_START.encode())).get();
                tx.send(new ProducerRecord<>(topic, 0, "x", "not a bench event")).get();
                tx.commitTransaction();
                tx.beginTransaction();
                tx.send(new ProducerRecord<>(topic, 0, "t2", T2_START.encode())).get();
                tx.abortTransaction();
                tx.beginTransaction();
                tx.send(new ProducerRecord<>(topic, 0, "t1", T1_DONE.encode())).get();
                tx.send(new ProducerRecord<>(topic, 1, "t3", T3_DONE.encode())).get();
                tx.commitTransaction();
            }

            assertThat(log.awaitAll(events -> events.size() >= 3, Duration.ofSeconds(30))).isTrue();
            Thread.sleep(500); // the aborted start lies before t1's end: it would have come with it
            assertThat(log.all()).containsExactlyInAnyOrder(T1_START, T1_DONE, T3_DONE);
        }
    }

    @Test
    void waits_findTheFirstMatch_orTellAfterTheirTimeout() throws Exception {
        String topic = "eventlog.waits";
        createTopic(topic, 1);
        try (EventLog<BenchEvent> log = new EventLog<>(kafka.bootstrapServers(), topic, "eventlog-waits",
                BenchEvent::fromRecord)) {
            try (KafkaProducer<String, String> tx = producer("eventlog-waits")) {
                tx.initTransactions();
                tx.beginTransaction();
                tx.send(new ProducerRecord<>(topic, "t1", T1_START.encode())).get();
                tx.send(new ProducerRecord<>(topic, "t1", T1_DONE.encode())).get();
                tx.commitTransaction();
            }

            assertThat(log.await("t1's first event", e -> e.trial().equals("t1"), Duration.ofSeconds(30)))
                    .isEqualTo(T1_START);
            assertThat(log.awaitFirst(e -> e.kind() == Kind.DONE, Duration.ofSeconds(30))).contains(T1_DONE);
            assertThat(log.awaitFirst(e -> e.trial().equals("t2"), Duration.ofMillis(300))).isEmpty();
            assertThat(log.awaitAll(events -> events.size() > 2, Duration.ofMillis(300))).isFalse();
            assertThatThrownBy(() -> log.await("t2 started", e -> e.trial().equals("t2"), Duration.ofMillis(300)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("no event within 0 s: t2 started");
        }
    }

    private static void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    private static KafkaProducer<String, String> producer(String transactionalId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }
}
