package dev.trialstream.launcher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.aggregator.streams.AggregatorApp;
import dev.trialstream.aggregator.streams.AggregatorConfig;
import dev.trialstream.broker.EmbeddedKafka;
import dev.trialstream.broker.HangingTransactionMaker;
import dev.trialstream.broker.SaslSsl;
import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.MessageSamples;
import dev.trialstream.core.message.TrialRequested;
import dev.trialstream.kafka.BoundedAdmin;
import dev.trialstream.kafka.ClientConfigs;
import dev.trialstream.kafka.HangingTransactions;
import dev.trialstream.kafka.KafkaConnection;
import dev.trialstream.kafka.TopicBootstrap;
import dev.trialstream.kafka.TopicLayout;
import dev.trialstream.kafka.TopicReader;
import dev.trialstream.kafka.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The aggregator's repair of hanging transactions on a broker that authenticates (SASL_SSL) and
 * authorizes (ACLs): with the role's ACLs and the optional ones the README lists under its table, it
 * finds and aborts a worker's transaction and one of its own, and sends again the request the abort
 * discarded; with fewer rights it still checks the topics it may read. The hanging transactions are
 * written over the broker's open listener ({@link HangingTransactionMaker} speaks plaintext), the
 * aggregator logs in as itself.
 */
class SecuredHangingTransactionRepairTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Map<String, String> PASSWORDS = Map.of(
            "admin", "admin-Pw-1", "aggregator", "aggregator-Pw-2", "partial", "partial-Pw-3", "noalter", "noalter-Pw-4");
    private static final Topics topics = Topics.withDefaultPrefix();
    private static EmbeddedKafka kafka;
    private final MessageCodec codec = new MessageCodec();

    @TempDir
    Path dir;

    @BeforeAll
    static void startSecuredBroker() throws Exception {
        kafka = EmbeddedKafka.startSecured(new SaslSsl(PASSWORDS, Set.of("admin")).withOpenListener(),
                HangingTransactionMaker.BROKER_SETTINGS);
        List<AclBinding> acls = new ArrayList<>(RoleAcls.aggregator("aggregator").bindings());
        acls.addAll(RoleAcls.aggregatorRepair("aggregator").bindings());
        // Everything the check needs but READ on the topics the aggregator does not read anyway.
        acls.addAll(RoleAcls.aggregator("partial").bindings());
        acls.addAll(RoleAcls.aggregatorRepair("partial").bindings().stream()
                .filter(binding -> !binding.pattern().resourceType().name().equals("TOPIC")).toList());
        // Everything but ALTER on the cluster: it finds, and may not abort.
        acls.addAll(RoleAcls.aggregator("noalter").bindings());
        acls.addAll(RoleAcls.aggregatorRepair("noalter").bindings().stream()
                .filter(binding -> !binding.pattern().resourceType().name().equals("CLUSTER")).toList());
        try (Admin admin = BoundedAdmin.create(as("admin"), WAIT, "test-acls")) {
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        }
        try (TopicBootstrap bootstrap = new TopicBootstrap(as("admin"), topics, new TopicLayout(2, 2, (short) 1),
                WAIT)) {
            bootstrap.ensureTopics();
        }
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void withTheOptionalAcls_theAggregatorAbortsAWorkersAndItsOwnHangingTransactions_andSendsTheLostRequestAgain()
            throws Exception {
        TopicReader reader = new TopicReader(kafka.openBootstrapServers(), codec);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (AggregatorApp app = new AggregatorApp(new AggregatorConfig(as("aggregator"), topics,
                dir.resolve("state"), 20, WAIT), Clock.systemUTC(), meters).start();
             Admin open = Admin.create(Map.of("bootstrap.servers", kafka.openBootstrapServers()))) {
            send(topics.searches(), MessageSamples.twoTrialSearch("s-w"), MessageSamples.twoTrialSearch("s-q"));
            TopicPartition events = send(topics.events(), MessageSamples.trialRun("s-w", 0, 5.0));
            reader.readUntil(topics.leaderboard(), list -> completed(list, "s-w", 1), WAIT, Duration.ZERO);

            // A worker slot's transaction hanging on the search's events partition, two minutes old.
            String worker = ClientConfigs.workerTransactionalId(topics, "w1", 0);
            new HangingTransactionMaker(kafka.openBootstrapServers(), worker).commitLeavingOpen(open,
                    new TopicPartition(topics.models(), 0), new byte[] {1},
                    (maker, producerId, epoch) -> maker.writeUnannounced(events, producerId, epoch,
                            System.currentTimeMillis() - 120_000));
            send(topics.events(), MessageSamples.trialRun("s-w", 1, 6.0));
            // One of its own, hanging on trials-1 with a trial request of a running search in it.
            TrialRequested lost = new TrialRequested("s-q", "s-q-t0007", 7, MessageSamples.PARAMS, 7,
                    MessageSamples.CV_PLAN, MessageSamples.DATASET, MessageSamples.AT);
            new HangingTransactionMaker(kafka.openBootstrapServers(),
                    "trialstream.aggregator-0c0ffee0-0000-0000-0000-000000000000-1").commitLeavingOpen(open,
                    new TopicPartition(topics.control(), 0), new byte[] {1},
                    (maker, producerId, epoch) -> maker.writeUnannounced(new TopicPartition(topics.trials(), 1),
                            producerId, epoch, System.currentTimeMillis() - 120_000, "s-q-lane7".getBytes(),
                            codec.encode(lost)));

            // Checked every 20 s: the event behind the worker's transaction is applied...
            List<Message> boards = reader.readUntil(topics.leaderboard(), list -> completed(list, "s-w", 2), WAIT,
                    Duration.ZERO);
            // ...and the request the abort of its own discarded is readable again, once.
            List<Message> trials = reader.readUntil(topics.trials(), list -> list.stream()
                    .anyMatch(m -> m instanceof TrialRequested r && r.trialId().equals("s-q-t0007")), WAIT,
                    Duration.ZERO);

            assertThat(completed(boards, "s-w", 2)).as("the event behind the worker's transaction, applied").isTrue();
            assertThat(trials).filteredOn(m -> m instanceof TrialRequested r && r.trialId().equals("s-q-t0007"))
                    .hasSize(1);
            assertThat(app.running()).isTrue();
            // Its meters say so: two aborted (the worker's may be counted just after its event shows), none unreadable.
            Counter aborted = meters.get("trialstream.aggregator.hanging.transactions.aborted").counter();
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (aborted.count() < 2 && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            assertThat(aborted.count()).isEqualTo(2);
            assertThat(meters.get("trialstream.aggregator.hanging.check.unreadable.topics").gauge().value()).isZero();
        }
    }

    /**
     * Without READ on the topics it does not read anyway, the check is refused on them and on the
     * groups' offsets, names them, and still finds and aborts what hangs where it may read.
     */
    @Test
    void withoutReadOnSomeTopics_theCheckNamesThem_andStillAbortsAWorkersTransactionOnEvents() throws Exception {
        TopicPartition events = new TopicPartition(topics.events(), 1);
        try (Admin open = Admin.create(Map.of("bootstrap.servers", kafka.openBootstrapServers()));
             Admin partial = BoundedAdmin.create(as("partial"), WAIT, "test-partial")) {
            long producerId = new HangingTransactionMaker(kafka.openBootstrapServers(),
                    ClientConfigs.workerTransactionalId(topics, "w2", 0)).commitLeavingOpen(open,
                    new TopicPartition(topics.models(), 1), new byte[] {1},
                    (maker, id, epoch) -> maker.writeUnannounced(events, id, epoch,
                            System.currentTimeMillis() - 120_000));

            HangingTransactions.Check check = new HangingTransactions(partial,
                    Map.of(topics.prefix() + "worker-", Duration.ofSeconds(60)), Duration.ofSeconds(20))
                    .abortUnder(topics.prefix(), Set.of(topics.searches(), topics.datasets()));

            assertThat(check.unreadable()).containsExactlyInAnyOrder(topics.leaderboard(), topics.trials(),
                    topics.control(), topics.deadLetters(), "__consumer_offsets");
            assertThat(check.aborted()).singleElement().satisfies(aborted -> {
                assertThat(aborted.partition()).isEqualTo(events);
                assertThat(aborted.producerId()).isEqualTo(producerId);
            });
        }
    }

    /**
     * Without ALTER on the cluster the check finds the hanging transaction and may not abort it (it
     * logs the command for an operator): it stays open until a login with ALTER aborts it.
     */
    @Test
    void withoutAlterOnTheCluster_theCheckLeavesTheHangingTransactionOpen_whichALoginWithAlterAborts() throws Exception {
        TopicPartition events = new TopicPartition(topics.events(), 0);
        Map<String, Duration> workers = Map.of(topics.prefix() + "worker-", Duration.ofSeconds(60));
        Set<String> skipped = Set.of(topics.searches(), topics.datasets());
        try (Admin open = Admin.create(Map.of("bootstrap.servers", kafka.openBootstrapServers()));
             Admin noAlter = BoundedAdmin.create(as("noalter"), WAIT, "test-noalter");
             Admin aggregator = BoundedAdmin.create(as("aggregator"), WAIT, "test-aggregator")) {
            long producerId = new HangingTransactionMaker(kafka.openBootstrapServers(),
                    ClientConfigs.workerTransactionalId(topics, "w3", 0)).commitLeavingOpen(open,
                    new TopicPartition(topics.models(), 0), new byte[] {1},
                    (maker, id, epoch) -> maker.writeUnannounced(events, id, epoch,
                            System.currentTimeMillis() - 120_000));

            HangingTransactions.Check refused = new HangingTransactions(noAlter, workers, Duration.ofSeconds(20))
                    .abortUnder(topics.prefix(), skipped);

            assertThat(refused.unreadable()).isEmpty();
            assertThat(refused.aborted()).isEmpty();
            assertThat(new HangingTransactions(aggregator, workers, Duration.ofSeconds(20))
                    .abortUnder(topics.prefix(), skipped).aborted())
                    .as("still hanging after the refused abort, so a login with ALTER finds and aborts it")
                    .singleElement().satisfies(aborted -> {
                        assertThat(aborted.partition()).isEqualTo(events);
                        assertThat(aborted.producerId()).isEqualTo(producerId);
                    });
        }
    }

    private static boolean completed(List<Message> boards, String searchId, int completed) {
        return boards.stream().anyMatch(m -> m instanceof LeaderboardSnapshot s && s.searchId().equals(searchId)
                && s.counts().completed() == completed);
    }

    /** Sends the messages over the open listener (one key: one partition); returns the partition they went to. */
    private TopicPartition send(String topic, Message... messages) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                ClientConfigs.producer(kafka.openBootstrapServers(), "test"))) {
            TopicPartition partition = null;
            for (Message message : messages) {
                var metadata = producer.send(new ProducerRecord<>(topic, message.key(), codec.encode(message))).get();
                partition = new TopicPartition(metadata.topic(), metadata.partition());
            }
            return partition;
        }
    }

    private static KafkaConnection as(String user) {
        return new KafkaConnection(kafka.bootstrapServers(), kafka.clientProperties(user, PASSWORDS.get(user)));
    }

}
