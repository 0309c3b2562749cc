package dev.trialstream.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trialstream.kafka.HangingTransactions;
import dev.trialstream.kafka.HangingTransactions.Open;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link HangingTransactions} against a real broker: a transaction that really hangs (made by
 * {@link HangingTransactionMaker}) is found and aborted, and what it blocked works again; one that
 * is merely open, however old, is left alone and commits.
 */
class HangingTransactionAbortBrokerTest {

    private static final TopicPartition OUT_0 = new TopicPartition("hang.out", 0);
    private static final TopicPartition OUT_1 = new TopicPartition("hang.out", 1);
    private static final TopicPartition IN_0 = new TopicPartition("hang.in", 0);

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(
            () -> EmbeddedKafka.start(HangingTransactionMaker.BROKER_SETTINGS));
    private static Admin admin;

    @BeforeAll
    static void createTopics() throws Exception {
        admin = Admin.create(Map.of("bootstrap.servers", KAFKA.get().bootstrapServers()));
        admin.createTopics(List.of(new NewTopic("hang.out", 2, (short) 1), new NewTopic("hang.in", 1, (short) 1)))
                .all().get();
    }

    @AfterAll
    static void closeAdmin() {
        admin.close();
    }

    @Test
    void shouldAbortATransactionHangingOnADataPartitionSoReadCommittedReadersGetPastIt() throws Exception {
        // Written a minute ago, as far as the broker can tell: older than the 30 s threshold.
        long producerId = new HangingTransactionMaker(KAFKA.get().bootstrapServers(), "hang.app-1").commitLeavingOpen(
                admin, OUT_0, "announced".getBytes(StandardCharsets.UTF_8), (maker, id, epoch) ->
                        maker.writeUnannounced(OUT_1, id, epoch, System.currentTimeMillis() - 60_000));
        try (KafkaProducer<String, String> later = transactional("hang.other-1")) {
            later.initTransactions();
            later.beginTransaction();
            later.send(new ProducerRecord<>(OUT_1.topic(), OUT_1.partition(), "k", "after")).get();
            later.commitTransaction();
        }
        // Hanging: the coordinator committed, hang.out-1 never got the marker, its last stable offset
        // stays at the open write (0) and a read_committed reader gets nothing, however long it waits.
        assertThat(lastStableOffset(OUT_1)).isZero();
        try (KafkaConsumer<String, String> reader = readCommitted(null)) {
            reader.assign(List.of(OUT_1));
            reader.seekToBeginning(List.of(OUT_1));
            assertThat(pollValues(reader, Duration.ofSeconds(3), 1)).isEmpty();

            HangingTransactions hanging = new HangingTransactions(admin, "hang.app-", Duration.ofSeconds(30),
                    Duration.ofSeconds(10));
            List<Open> aborted = hanging.abortUnder("hang.").aborted();

            assertThat(aborted).singleElement().satisfies(open -> {
                assertThat(open.partition()).isEqualTo(OUT_1);
                assertThat(open.producerId()).isEqualTo(producerId);
            });
            assertThat(pollValues(reader, Duration.ofSeconds(10), 1)).containsExactly("after");
        }
        assertThat(lastStableOffset(OUT_1)).isEqualTo(endOffset(OUT_1));
        assertThat(new HangingTransactions(admin, "hang.app-", Duration.ZERO, Duration.ofSeconds(10))
                .abortUnder("hang.").aborted()).isEmpty();
    }

    @Test
    void shouldAbortATransactionHangingOnTheGroupsOffsetsSoItsMembersCanFetchThem() throws Exception {
        String group = "hang.group";
        try (KafkaConsumer<String, String> member = readCommitted(group)) {
            // Fetchable before (this also creates the offsets topic, so the group has a coordinator).
            assertThat(member.committed(Set.of(IN_0), Duration.ofSeconds(10)).get(IN_0)).isNull();
        }
        new HangingTransactionMaker(KAFKA.get().bootstrapServers(), "hang.app-2").commitLeavingOpen(admin, OUT_0,
                "announced".getBytes(StandardCharsets.UTF_8),
                (maker, id, epoch) -> maker.commitOffsetUnannounced(group, IN_0, 5, id, epoch));
        try (KafkaConsumer<String, String> member = readCommitted(group)) {
            // Hanging: the group's offset of hang.in-0 stays "unstable", so no member can fetch it.
            assertThatThrownBy(() -> member.committed(Set.of(IN_0), Duration.ofSeconds(3)))
                    .isInstanceOf(TimeoutException.class);

            // The group coordinator stamps the offset record with its own clock: no waiting 30 s here.
            List<Open> aborted = new HangingTransactions(admin, "hang.app-", Duration.ZERO, Duration.ofSeconds(10))
                    .abortUnder("hang.").aborted();

            assertThat(aborted).singleElement()
                    .satisfies(open -> assertThat(open.partition().topic()).isEqualTo("__consumer_offsets"));
            // Fetchable again; the aborted commit is gone with its transaction.
            Map<TopicPartition, ?> committed = member.committed(Set.of(IN_0), Duration.ofSeconds(10));
            assertThat(committed.get(IN_0)).isNull();
        }
    }

    @Test
    void shouldLeaveAnOpenTransactionAloneAndLetItCommit() throws Exception {
        // Topics, transactional id and group of its own: the other tests' transactions are not in its way.
        TopicPartition out = new TopicPartition("open.out", 0);
        TopicPartition in = new TopicPartition("open.in", 0);
        admin.createTopics(List.of(new NewTopic(out.topic(), 1, (short) 1), new NewTopic(in.topic(), 1, (short) 1)))
                .all().get();
        try (KafkaProducer<String, String> producer = transactional("open.app-1")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(out.topic(), out.partition(), "k", "v")).get();
            producer.sendOffsetsToTransaction(Map.of(in, new OffsetAndMetadata(3)), new ConsumerGroupMetadata("open.app"));
            Thread.sleep(50);

            // Open on open.out-0 and on the group's offsets partition, older than the threshold (0),
            // and its coordinator's transaction holds both: not hanging.
            HangingTransactions hanging = new HangingTransactions(admin, "open.app-", Duration.ZERO, Duration.ofSeconds(10));
            assertThat(hanging.abortUnder("open.").aborted()).isEmpty();

            producer.commitTransaction();
        }
        // The commit's markers land after commitTransaction returns: committed, not aborted, once they do.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Map<TopicPartition, OffsetAndMetadata> committed = Map.of();
        while (committed.isEmpty() && System.nanoTime() < deadline) {
            committed = admin.listConsumerGroupOffsets("open.app").partitionsToOffsetAndMetadata().get();
            Thread.sleep(100);
        }
        assertThat(committed).containsEntry(in, new OffsetAndMetadata(3));
        assertThat(admin.describeProducers(List.of(out)).all().get().get(out).activeProducers())
                .singleElement().satisfies(p -> assertThat(p.currentTransactionStartOffset()).isEmpty());
    }

    private static KafkaProducer<String, String> transactional(String transactionalId) {
        Properties props = new Properties();
        props.put("bootstrap.servers", KAFKA.get().bootstrapServers());
        props.put("transactional.id", transactionalId);
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", StringSerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    private static KafkaConsumer<String, String> readCommitted(String group) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", KAFKA.get().bootstrapServers());
        if (group != null) {
            props.put("group.id", group);
        }
        props.put("isolation.level", "read_committed");
        props.put("enable.auto.commit", false);
        props.put("key.deserializer", StringDeserializer.class.getName());
        props.put("value.deserializer", StringDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }

    private static List<String> pollValues(KafkaConsumer<String, String> consumer, Duration within, int enough) {
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + within.toNanos();
        while (values.size() < enough && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                values.add(record.value());
            }
        }
        return values;
    }

    private static long lastStableOffset(TopicPartition partition) throws Exception {
        return admin.listOffsets(Map.of(partition, OffsetSpec.latest()),
                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get().get(partition).offset();
    }

    private static long endOffset(TopicPartition partition) throws Exception {
        return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get().get(partition).offset();
    }
}
