package dev.trialstream.aggregator.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.broker.EmbeddedKafkaExtension;
import dev.trialstream.kafka.HangingTransactions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link HangingTransactions} against a real broker: it reads the producers of every partition
 * (the groups' offsets included) and the coordinators' transactions, and leaves a transaction that
 * is merely open alone, however old. (A transaction that really hangs needs a broker that drops
 * markers; the process fault suite meets those, see the README.)
 */
class HangingTransactionsBrokerTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();
    private static Admin admin;

    @BeforeAll
    static void createTopics() throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        admin = Admin.create(props);
        admin.createTopics(List.of(new NewTopic("hang.out", 2, (short) 1), new NewTopic("hang.in", 1, (short) 1)))
                .all().get();
    }

    @AfterAll
    static void closeAdmin() {
        admin.close();
    }

    @Test
    void shouldLeaveAnOpenTransactionAloneAndLetItCommit() throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("transactional.id", "hang.app-1");
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("hang.out", 0, "k", "v")).get();
            producer.sendOffsetsToTransaction(Map.of(new TopicPartition("hang.in", 0), new OffsetAndMetadata(3)),
                    new ConsumerGroupMetadata("hang.app"));
            Thread.sleep(50);

            // Open on hang.out-0 and on the group's offsets partition, older than the threshold (0),
            // and its coordinator's transaction holds both: not hanging.
            HangingTransactions hanging = new HangingTransactions(admin, "hang.app-", Duration.ZERO, Duration.ofSeconds(10));
            assertThat(hanging.abortUnder("hang.")).isEmpty();

            producer.commitTransaction();
        }
        // The commit's markers land after commitTransaction returns: committed, not aborted, once they do.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Map<TopicPartition, OffsetAndMetadata> committed = Map.of();
        while (committed.isEmpty() && System.nanoTime() < deadline) {
            committed = admin.listConsumerGroupOffsets("hang.app").partitionsToOffsetAndMetadata().get();
            Thread.sleep(100);
        }
        assertThat(committed).containsEntry(new TopicPartition("hang.in", 0), new OffsetAndMetadata(3));
        var producers = admin.describeProducers(List.of(new TopicPartition("hang.out", 0))).all().get()
                .get(new TopicPartition("hang.out", 0)).activeProducers();
        assertThat(producers).singleElement().satisfies(p -> assertThat(p.currentTransactionStartOffset()).isEmpty());
    }
}
