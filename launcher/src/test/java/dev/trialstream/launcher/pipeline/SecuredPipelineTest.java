package dev.trialstream.launcher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trialstream.aggregator.streams.AggregatorApp;
import dev.trialstream.aggregator.streams.AggregatorConfig;
import dev.trialstream.broker.EmbeddedKafka;
import dev.trialstream.broker.SaslSsl;
import dev.trialstream.kafka.BoundedAdmin;
import dev.trialstream.kafka.ClientConfigs;
import dev.trialstream.kafka.KafkaConnection;
import dev.trialstream.kafka.PartitionScan;
import dev.trialstream.kafka.TopicBootstrap;
import dev.trialstream.kafka.TopicLayout;
import dev.trialstream.kafka.Topics;
import dev.trialstream.launcher.cli.Cli;
import dev.trialstream.worker.dl4j.Dl4jTrainer;
import dev.trialstream.worker.kafka.TrialWorker;
import dev.trialstream.worker.kafka.WorkerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * trialstream on a broker that authenticates (SASL_SSL, SCRAM-SHA-512) and authorizes
 * (StandardAuthorizer, ACLs): each role runs with exactly the ACLs of the README's table, gets its
 * credentials from a --kafka-config file, and no secret reaches a log line or the CLI's output.
 */
class SecuredPipelineTest {

    private static final Duration WAIT = Duration.ofMinutes(2);
    /** Distinctive, so a leak into any output is found by a plain search. */
    private static final Map<String, String> PASSWORDS = Map.of(
            "admin", "admin-Pw-51ab", "submitter", "submitter-Pw-7c1e", "worker", "worker-Pw-93d0",
            "aggregator", "aggregator-Pw-4f27", "nowrite", "nowrite-Pw-0e6b", "operator", "operator-Pw-d2c8");

    private static EmbeddedKafka kafka;
    private static StderrCapture logs;
    private static final Topics topics = Topics.withDefaultPrefix();

    @TempDir
    static Path dir;

    @BeforeAll
    static void startSecuredBroker() throws Exception {
        // Everything logged from here on (slf4j-simple writes to System.err) is searched for secrets.
        logs = StderrCapture.start();
        kafka = EmbeddedKafka.startSecured(new SaslSsl(PASSWORDS, Set.of("admin")));
        List<AclBinding> acls = new ArrayList<>(RoleAcls.operator("operator").bindings());
        acls.addAll(RoleAcls.producer("submitter").bindings());
        acls.addAll(RoleAcls.producer("nowrite", false).bindings());
        acls.addAll(RoleAcls.worker("worker").bindings());
        acls.addAll(RoleAcls.aggregator("aggregator").bindings());
        try (Admin admin = BoundedAdmin.create(as("admin"), WAIT, "test-acls")) {
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        }
        // The `topics` command's job, with the operator's rights only.
        try (TopicBootstrap bootstrap = new TopicBootstrap(as("operator"), topics, TopicLayout.DEFAULTS, WAIT)) {
            assertThat(bootstrap.ensureTopics().created()).hasSize(10);
        }
        PrunableSearch.writeTwoTrialGrid(dir, "secured");
    }

    @AfterAll
    static void stopBroker() {
        try {
            if (kafka != null) {
                kafka.close();
            }
        } finally {
            if (logs != null) {
                logs.close();
            }
        }
    }

    @Test
    void shouldRunASearchEndToEndWithEachRolesOwnCredentialsAndAcls() throws Exception {
        // As the worker and aggregator commands do at start: check the topics with their own rights.
        for (String role : List.of("worker", "aggregator")) {
            try (TopicBootstrap bootstrap = new TopicBootstrap(as(role), topics, TopicLayout.DEFAULTS, WAIT)) {
                assertThat(bootstrap.ensureTopics().created()).isEmpty();
            }
        }
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (AggregatorApp aggregator = new AggregatorApp(new AggregatorConfig(as("aggregator"), topics,
                dir.resolve("aggregator-state"), 20, WAIT), Clock.systemUTC(), meters).start();
             TrialWorker worker = new TrialWorker(WorkerConfig.of(as("worker"), topics, "secured-worker", 1),
                     new Dl4jTrainer(), Clock.systemUTC()).start()) {

            Cli submit = Cli.run("submit", dir.resolve("spec.yaml").toString(), "--bootstrap", kafka.bootstrapServers(),
                    "--kafka-config", propertiesFile("submitter", PASSWORDS.get("submitter")).toString(),
                    "--wait", "--wait-timeout", "120", "--json");

            assertThat(submit.exitCode()).as(submit.err()).isZero();
            JsonNode leaderboard = new ObjectMapper().readTree(submit.out());
            assertThat(leaderboard.get("status").asText()).isEqualTo("done");
            assertThat(leaderboard.get("counts").get("completed").asInt()).isEqualTo(2);
            assertThat(leaderboard.get("finalTest")).isNotNull();
            // ...and its meter counts them, for an alert.
            assertThat(meters.get("trialstream.aggregator.hanging.check.unreadable.topics").gauge().value())
                    .isEqualTo(5);
        }
        String logged = logs.text();
        // The capture works (else the next line would prove nothing): the processes' own lines are in it.
        assertThat(logged).contains("aggregator trialstream.aggregator running", "worker secured-worker started");
        // The table's ACLs alone leave the hanging-transaction check blind on these, and the log says so.
        assertThat(logged).contains("the hanging-transaction check is not allowed to read [__consumer_offsets, "
                + "trialstream.control, trialstream.dead-letters, trialstream.leaderboard, trialstream.trials]");
        assertNoSecretIn(logged);
    }

    @Test
    void wrongPassword_failsWithinTheTimeoutSayingAuthenticationFailed() throws Exception {
        long start = System.nanoTime();
        Cli submit = Cli.run("submit", dir.resolve("spec.yaml").toString(), "--bootstrap", kafka.bootstrapServers(),
                "--kafka-config", propertiesFile("submitter", "not-the-password").toString(), "--timeout", "10");
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(submit.exitCode()).isEqualTo(1);
        assertThat(submit.err()).startsWith("trialstream submit: Kafka at " + kafka.bootstrapServers()
                + ": authentication failed").doesNotContain("not-the-password");
        assertThat(elapsed).isLessThan(Duration.ofSeconds(10));
        System.out.printf("wrong password reported after %d ms: %s", elapsed.toMillis(), submit.err());
    }

    @Test
    void principalWithoutWriteOnTrials_isRefusedAndNothingOfTheSearchIsSubmitted() throws Exception {
        int committedBefore = searches("read_committed").size();
        int writtenBefore = searches("read_uncommitted").size();

        long start = System.nanoTime();
        Cli submit = Cli.run("submit", dir.resolve("spec.yaml").toString(), "--bootstrap", kafka.bootstrapServers(),
                "--kafka-config", propertiesFile("nowrite", PASSWORDS.get("nowrite")).toString());
        System.out.printf("refused submit reported after %d ms: %s", (System.nanoTime() - start) / 1_000_000,
                submit.err());

        assertThat(submit.exitCode()).isEqualTo(1);
        assertThat(submit.err()).startsWith("trialstream submit: search s-").contains(
                "was not submitted, nothing of it was written: not authorized to write trialstream.trials");
        // The search record reached the log, inside the transaction that was then aborted.
        assertThat(searches("read_uncommitted")).hasSize(writtenBefore + 1);
        assertThat(searches("read_committed")).hasSize(committedBefore);
        assertNoSecretIn(submit.err() + submit.out());
    }

    /**
     * {@code status} also lists the searches no aggregator has reported yet, from {@code searches},
     * which the producer role may not read: it then lists the leaderboard alone, as before.
     */
    @Test
    void status_withTheProducersAcls_listsTheLeaderboardWithoutReadingSearches() throws Exception {
        String config = propertiesFile("submitter", PASSWORDS.get("submitter")).toString();
        // A search in `searches` (else there is nothing to be refused): submitted, not waited for.
        Cli submit = Cli.run("submit", dir.resolve("spec.yaml").toString(), "--bootstrap", kafka.bootstrapServers(),
                "--kafka-config", config);
        assertThat(submit.exitCode()).as(submit.err()).isZero();

        Cli status = Cli.run("status", "--bootstrap", kafka.bootstrapServers(), "--kafka-config", config, "--timeout", "20");

        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).doesNotContain("waiting");
        assertNoSecretIn(status.err() + status.out());
    }

    /**
     * {@code watch} tells an id never submitted from a search no aggregator has reported yet by
     * reading {@code searches}; the producer role may not, so where the id's partition holds any
     * record it waits as before, and is not refused. (Where that partition is empty, the id was
     * surely never submitted, and it is refused with either rights.)
     */
    @Test
    void watch_withTheProducersAcls_waitsForAnUnknownIdInsteadOfFailingOnSearches() throws Exception {
        String config = propertiesFile("submitter", PASSWORDS.get("submitter")).toString();
        Cli submit = Cli.run("submit", dir.resolve("spec.yaml").toString(), "--bootstrap", kafka.bootstrapServers(),
                "--kafka-config", config);
        assertThat(submit.exitCode()).as(submit.err()).isZero();
        // An id never submitted, on the partition of `searches` the submitted one is on (not empty).
        int partitions = TopicLayout.DEFAULTS.partitions();
        int partition = PartitionScan.partitionOf(submit.out().strip(), partitions);
        String unknown = java.util.stream.IntStream.range(0, 1000).mapToObj(i -> String.format("s-%08d", i))
                .filter(id -> PartitionScan.partitionOf(id, partitions) == partition).findFirst().orElseThrow();

        Cli watch = Cli.run("watch", unknown, "--bootstrap", kafka.bootstrapServers(), "--kafka-config", config,
                "--timeout", "20", "--wait-timeout", "3", "--plain");

        assertThat(watch.exitCode()).as(watch.err()).isEqualTo(1);
        assertThat(watch.err()).contains("search " + unknown + " did not finish within 3 s (no leaderboard yet")
                .doesNotContain("not authorized");
        assertNoSecretIn(watch.err() + watch.out());
    }

    /** What kafka-clients logs for each config at INFO: every secret we pass is a PASSWORD, shown [hidden]. */
    @Test
    void clientConfigDumps_hideEverySecret() {
        Map<String, Object> producer = ClientConfigs.transactionalProducer(as("submitter"), "p", "t");
        Map<String, Object> consumer = ClientConfigs.consumer(as("worker"), "c", "g");
        Map<String, Object> admin = BoundedAdmin.config(as("admin"), WAIT, "a");
        Map<String, Object> streams = new java.util.HashMap<>(as("aggregator").properties());
        streams.put(StreamsConfig.APPLICATION_ID_CONFIG, "app");
        streams.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());

        // Kafka Streams logs only its own keys and hands the rest to the clients it makes, which log theirs.
        StreamsConfig streamsConfig = new StreamsConfig(streams);
        Map<String, Object> streamsProducer = new java.util.HashMap<>(streamsConfig.getProducerConfigs("s"));
        streamsProducer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        streamsProducer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        assertNoSecretIn(streamsConfig.values().toString());

        List<String> dumps = List.of(new ProducerConfig(producer).values().toString(),
                new ConsumerConfig(consumer).values().toString(), new AdminClientConfig(admin).values().toString(),
                new ProducerConfig(streamsProducer).values().toString());

        for (String dump : dumps) {
            assertThat(dump).contains("sasl.jaas.config=[hidden]", "ssl.truststore.password=[hidden]");
            assertNoSecretIn(dump);
        }
        assertThat(as("submitter").toString()).doesNotContain(PASSWORDS.get("submitter"));
    }

    private static void assertNoSecretIn(String text) {
        for (String password : PASSWORDS.values()) {
            assertThat(text).doesNotContain(password);
        }
        assertThat(text).doesNotContain(kafka.clientProperties("admin", "x").get("ssl.truststore.password"));
    }

    private static KafkaConnection as(String user) {
        return new KafkaConnection(kafka.bootstrapServers(), kafka.clientProperties(user, PASSWORDS.get(user)));
    }

    private static Path propertiesFile(String user, String password) throws IOException {
        Properties properties = new Properties();
        properties.putAll(kafka.clientProperties(user, password));
        Path file = Files.createTempFile(dir, user, ".properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, null);
        }
        return file;
    }

    /** Every record on {@code searches} a reader with this isolation level sees (read as admin). */
    private static List<ConsumerRecord<String, byte[]>> searches(String isolation) {
        Map<String, Object> config = ClientConfigs.consumer(as("admin"), "test-" + isolation, null);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.searches()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }
}
