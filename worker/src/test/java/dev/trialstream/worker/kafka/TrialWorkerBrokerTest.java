package dev.trialstream.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trialstream.broker.EmbeddedKafkaExtension;
import dev.trialstream.core.bundle.ModelBundle;
import dev.trialstream.core.message.DatasetRef;
import dev.trialstream.core.message.DeadLetter;
import dev.trialstream.core.message.EventMessage;
import dev.trialstream.core.message.FileRef;
import dev.trialstream.core.message.FinalFitCompleted;
import dev.trialstream.core.message.FinalFitRequested;
import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.ModelPublished;
import dev.trialstream.core.message.TrialCompleted;
import dev.trialstream.core.message.TrialEnded;
import dev.trialstream.core.message.TrialFailed;
import dev.trialstream.core.message.TrialRequested;
import dev.trialstream.core.message.TrialStarted;
import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.training.CvJob;
import dev.trialstream.core.training.CvResult;
import dev.trialstream.core.training.EpochListener;
import dev.trialstream.core.training.FinalFitJob;
import dev.trialstream.core.training.FittedModel;
import dev.trialstream.core.training.Trainer;
import dev.trialstream.kafka.BlobStore;
import dev.trialstream.kafka.ClientConfigs;
import dev.trialstream.worker.dl4j.Dl4jTrainer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TrialWorkerBrokerTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @Test
    void shouldTrainEveryTrialOnceAndCommitItsOffset() throws Exception {
        PipelineFixture fx = new PipelineFixture(kafka.get(), "w1.", 2);
        DatasetRef data = fx.uploadSyntheticData(90, 1);
        List<TrialRequested> trials = fx.trials("s-w1", 4, 3, data);
        fx.publish(trials, 2);

        try (TrialWorker worker = new TrialWorker(fx.workerConfig("w1", 2), new Dl4jTrainer(), Clock.systemUTC()).start()) {
            List<EventMessage> events = fx.eventsUntilTerminal(4);

            assertThat(PipelineFixture.terminalCountByTrial(events)).containsOnlyKeys("s-w1-t0", "s-w1-t1", "s-w1-t2", "s-w1-t3")
                    .allSatisfy((trial, count) -> assertThat(count).isEqualTo(1));
            assertThat(events).filteredOn(e -> e instanceof TrialCompleted).hasSize(4);
            assertThat(PipelineFixture.epochsReported(events)).hasSize(4 * 3);
            TrialStarted started = (TrialStarted) events.stream().filter(e -> e instanceof TrialStarted
                    && e.trialId().equals("s-w1-t2")).findFirst().orElseThrow();
            assertThat(started.params()).isEqualTo(trials.get(2).params());
            assertThat(started.seed()).isEqualTo(trials.get(2).seed());
            assertThat(fx.committedTrialOffsets(fx.workerConfig("w1", 2).groupId())).isEqualTo(4);
            // Both trials of the search's data came from one fetch: the cache keeps the parsed dataset.
            assertThat(worker.datasets().misses()).isEqualTo(1);
        }
    }

    /**
     * Partitions added to trials while a worker runs are its within seconds: the submitter and the
     * aggregator queue trials on them at once, and with Kafka's default metadata age (5 min) no slot
     * owned them that long (seen 2026-12-06: a search stalled 317 s after a submit raised the count).
     */
    @Test
    void shouldTakeTrialsFromPartitionsAddedWhileItRuns() throws Exception {
        PipelineFixture fx = new PipelineFixture(kafka.get(), "wp.", 1);
        DatasetRef data = fx.uploadSyntheticData(60, 7);
        List<TrialRequested> trials = fx.trials("s-wp", 2, 2, data);
        fx.publish(trials.subList(0, 1), 1);

        try (TrialWorker worker = new TrialWorker(fx.workerConfig("wp", 1), new SlowTrainer(1), Clock.systemUTC()).start()) {
            assertThat(PipelineFixture.terminalCountByTrial(fx.eventsUntilTerminal(1))).containsOnlyKeys("s-wp-t0");
            try (dev.trialstream.kafka.TopicBootstrap raise = new dev.trialstream.kafka.TopicBootstrap(
                    kafka.bootstrapServers(), fx.topics, new dev.trialstream.kafka.TopicLayout(2, 2, (short) 1),
                    java.time.Duration.ofSeconds(20))) {
                assertThat(raise.ensureTopics().trialPartitions()).isEqualTo(2);
            }
            long raised = System.nanoTime();
            fx.publish(trials.subList(1, 2), 2); // trial 1 on the new partition 1

            List<EventMessage> events = fx.eventsUntilTerminal(2);

            assertThat(PipelineFixture.terminalCountByTrial(events)).containsOnlyKeys("s-wp-t0", "s-wp-t1")
                    .allSatisfy((trial, count) -> assertThat(count).isEqualTo(1));
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - raised)).isLessThan(java.time.Duration.ofSeconds(45));
        }
    }

    @Test
    void clientMeters_everyClientRegistersItsOwnGauges() throws Exception {
        PipelineFixture fx = new PipelineFixture(kafka.get(), "w6.", 2);
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();

        try (TrialWorker worker = new TrialWorker(fx.workerConfig("w6", 2), new Dl4jTrainer(), Clock.systemUTC(),
                registry).start()) {
            List<String> clients = registry.find("kafka.app.info.start.time.ms").gauges().stream()
                    .map(g -> g.getId().getTag("client.id")).sorted().toList();

            // A slot's consumer and producer once shared a client id, so one of their gauges was dropped.
            assertThat(clients).containsExactly("w6-progress", "w6/slot-0", "w6/slot-0-producer", "w6/slot-1",
                    "w6/slot-1-producer");
        }
    }

    @Test
    void worker_aSecondWorkerWithTheSameWorkerId_stopsOne_namingTheFlag() throws Exception {
        PipelineFixture fx = new PipelineFixture(kafka.get(), "dupid.", 1);
        try (TrialWorker first = new TrialWorker(fx.workerConfig("twin", 1), new SlowTrainer(1), Clock.systemUTC()).start()) {
            for (long deadline = System.nanoTime() + 30_000_000_000L; !first.ready() && System.nanoTime() < deadline; ) {
                Thread.sleep(100);
            }
            try (TrialWorker second = new TrialWorker(fx.workerConfig("twin", 1), new SlowTrainer(1),
                    Clock.systemUTC()).start()) {
                java.util.Optional<String> failure = java.util.Optional.empty();
                for (long deadline = System.nanoTime() + 60_000_000_000L; failure.isEmpty() && System.nanoTime() < deadline;
                     Thread.sleep(100)) {
                    failure = first.failure().or(second::failure);
                }

                // Kafka's own words (group.instance.id) do not say which flag: the user set --worker-id.
                assertThat(failure).hasValueSatisfying(f -> assertThat(f).startsWith(
                        "slot stopped: another worker runs with --worker-id twin (it took over this slot's group"
                                + " membership and transactions): give every worker its own --worker-id ("));
            }
        }
    }

    @Test
    void shouldRedoATrialWhenItsWorkerDiesMidTrial() throws Exception {
        PipelineFixture fx = new PipelineFixture(kafka.get(), "w2.", 1);
        DatasetRef data = fx.uploadSyntheticData(60, 2);
        fx.publish(fx.trials("s-w2", 1, 40, data), 1);
        SlowTrainer slow = new SlowTrainer(100);

        TrialWorker doomed = new TrialWorker(fx.workerConfig("doomed", 1), slow, Clock.systemUTC()).start();
        assertThat(slow.awaitFirstEpoch(60)).isTrue();
        doomed.halt();
        try (TrialWorker survivor = new TrialWorker(fx.workerConfig("survivor", 1), new SlowTrainer(5),
                Clock.systemUTC()).start()) {
            List<EventMessage> events = fx.eventsUntilTerminal(1);

            assertThat(PipelineFixture.terminalCountByTrial(events)).containsExactly(Map.entry("s-w2-t0", 1L));
            TrialCompleted done = (TrialCompleted) events.stream().filter(TrialEnded.class::isInstance).findFirst().orElseThrow();
            assertThat(done.workerId()).isEqualTo("survivor");
            assertThat(done.epochs()).isEqualTo(40);
            List<String> attempts = events.stream().filter(e -> e instanceof TrialStarted)
                    .map(e -> ((TrialStarted) e).attempt()).distinct().toList();
            assertThat(attempts).hasSize(2);
        }
    }

    @Test
    void shouldHandTheTrialBackOnGracefulClose() throws Exception {
        PipelineFixture fx = new PipelineFixture(kafka.get(), "w3.", 1);
        DatasetRef data = fx.uploadSyntheticData(60, 3);
        fx.publish(fx.trials("s-w3", 1, 30, data), 1);
        SlowTrainer slow = new SlowTrainer(100);

        TrialWorker leaving = new TrialWorker(fx.workerConfig("leaving", 1), slow, Clock.systemUTC()).start();
        assertThat(slow.awaitFirstEpoch(60)).isTrue();
        leaving.close();
        try (TrialWorker other = new TrialWorker(fx.workerConfig("other", 1), new SlowTrainer(5),
                Clock.systemUTC()).start()) {
            List<EventMessage> events = fx.eventsUntilTerminal(1);

            assertThat(PipelineFixture.terminalCountByTrial(events)).containsExactly(Map.entry("s-w3-t0", 1L));
            assertThat(((TrialCompleted) events.stream().filter(TrialEnded.class::isInstance).findFirst().orElseThrow()).workerId())
                    .isEqualTo("other");
        }
    }

    @Test
    void shouldDeadLetterGarbageAndCarryOn() throws Exception {
        PipelineFixture fx = new PipelineFixture(kafka.get(), "w4.", 1);
        DatasetRef data = fx.uploadSyntheticData(60, 4);
        fx.publishRaw(fx.topics.trials(), "junk", "{not json".getBytes(StandardCharsets.UTF_8));
        fx.publish(fx.trials("s-w4", 1, 2, data), 1);

        try (TrialWorker worker = new TrialWorker(fx.workerConfig("w4", 1), new SlowTrainer(1), Clock.systemUTC()).start()) {
            List<EventMessage> events = fx.eventsUntilTerminal(1);
            List<Message> letters = fx.readUntil(fx.topics.deadLetters(), list -> !list.isEmpty());

            assertThat(PipelineFixture.terminalCountByTrial(events)).containsExactly(Map.entry("s-w4-t0", 1L));
            assertThat(letters).hasSize(1);
            DeadLetter letter = (DeadLetter) letters.get(0);
            assertThat(letter.key()).isEqualTo("junk");
            assertThat(letter.originalTopic()).isEqualTo(fx.topics.trials());
            assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
            assertThat(letter.error()).isNotBlank();
            assertThat(fx.committedTrialOffsets(fx.workerConfig("w4", 1).groupId())).isEqualTo(2);
        }
    }

    @Test
    void shouldDeadLetterATrialFromAnOlderSchemaVersionAndCarryOn() throws Exception {
        PipelineFixture fx = new PipelineFixture(kafka.get(), "w8.", 1);
        DatasetRef data = fx.uploadSyntheticData(60, 8);
        List<TrialRequested> trials = fx.trials("s-w8", 2, 2, data);
        ObjectNode old = (ObjectNode) new ObjectMapper().readTree(fx.codec.encode(trials.get(0)));
        old.put("schemaVersion", 1);
        fx.publishRaw(fx.topics.trials(), trials.get(0).trialId(), new ObjectMapper().writeValueAsBytes(old));
        fx.publish(List.of(trials.get(1)), 1);

        try (TrialWorker worker = new TrialWorker(fx.workerConfig("w8", 1), new SlowTrainer(1), Clock.systemUTC()).start()) {
            List<EventMessage> events = fx.eventsUntilTerminal(1);
            List<Message> letters = fx.readUntil(fx.topics.deadLetters(), list -> !list.isEmpty());

            assertThat(PipelineFixture.terminalCountByTrial(events))
                    .containsOnly(Map.entry("s-w8-t0", 1L), Map.entry("s-w8-t1", 1L));
            DeadLetter letter = (DeadLetter) letters.get(0);
            assertThat(letter.key()).isEqualTo("s-w8-t0");
            assertThat(letter.error())
                    .isEqualTo("TrialRequested: written by an older trialstream (schemaVersion 1); this one reads 3 to 5");
            // The trial it asked for ends as failed, so its search does not wait for it.
            assertThat(events).filteredOn(e -> e instanceof TrialFailed).singleElement()
                    .isInstanceOfSatisfying(TrialFailed.class, failed -> assertThat(failed.reason()).isEqualTo(
                            "cannot be read (TrialRequested: written by an older trialstream (schemaVersion 1); this "
                                    + "one reads 3 to 5), so given up: sent to w8.dead-letters"));
            assertThat(fx.committedTrialOffsets(fx.workerConfig("w8", 1).groupId())).isEqualTo(2);
        }
    }

    /**
     * A trial whose training crashes the training thread every time (an Error; out of memory
     * was one, before {@code CrossValidator} made it a failed trial) is dead-lettered after three attempts and ends as failed, saying why,
     * so its search ends; the other trial trains. Before stop 60 it was only dead-lettered, and the
     * search waited for it for good (found by trying {@code neurons: [16, 20000]} in {@code local}).
     */
    @Test
    void shouldEndATrialThatKeepsCrashingItsTrainingThreadAsFailed_andCarryOn() throws Exception {
        PipelineFixture fx = new PipelineFixture(kafka.get(), "w9.", 1);
        DatasetRef data = fx.uploadSyntheticData(60, 9);
        List<TrialRequested> trials = fx.trials("s-w9", 2, 2, data);
        fx.publish(trials, 1);
        SlowTrainer slow = new SlowTrainer(1);
        Trainer crashing = new Trainer() {
            @Override
            public CvResult crossValidate(CvJob job, EpochListener listener) {
                return crossValidatePack(List.of(job), List.of(listener)).get(0);
            }

            @Override
            public List<CvResult> crossValidatePack(List<CvJob> jobs, List<EpochListener> listeners) {
                if (jobs.stream().anyMatch(job -> job.seed() == trials.get(0).seed())) {
                    throw new StackOverflowError("a test's");
                }
                return slow.crossValidatePack(jobs, listeners);
            }

            @Override
            public FittedModel finalFit(FinalFitJob job) {
                return slow.finalFit(job);
            }

            @Override
            public FittedModel loadModel(java.io.InputStream in) {
                return slow.loadModel(in);
            }

            @Override
            public String backend() {
                return slow.backend();
            }
        };

        try (TrialWorker worker = new TrialWorker(fx.workerConfig("w9", 1), crashing, Clock.systemUTC()).start()) {
            List<EventMessage> events = fx.eventsUntilTerminal(2);
            List<Message> letters = fx.readUntil(fx.topics.deadLetters(), list -> !list.isEmpty());

            assertThat(PipelineFixture.terminalCountByTrial(events))
                    .containsOnly(Map.entry("s-w9-t0", 1L), Map.entry("s-w9-t1", 1L));
            TrialFailed failed = (TrialFailed) events.stream()
                    .filter(e -> e instanceof TrialFailed && e.trialId().equals("s-w9-t0")).findFirst().orElseThrow();
            assertThat(failed.reason()).isEqualTo("failed 3 times in a row (training thread crashed: "
                    + "java.lang.StackOverflowError: a test's), so given up: sent to w9.dead-letters");
            assertThat(events).filteredOn(e -> e instanceof TrialCompleted).extracting(EventMessage::trialId)
                    .containsExactly("s-w9-t1");
            assertThat(letters).singleElement().isInstanceOfSatisfying(DeadLetter.class,
                    letter -> assertThat(letter.key()).isEqualTo("s-w9-t0"));
            assertThat(worker.live()).isTrue();
        }
    }

    @Test
    void shouldFailATrialWhoseDatasetIsMissing() {
        PipelineFixture fx = new PipelineFixture(kafka.get(), "w5.", 1);
        byte[] neverUploaded = "a,y\n1,2\n".getBytes(StandardCharsets.UTF_8);
        FileRef ghost = new dev.trialstream.core.message.BlobChunker().ref(neverUploaded, "ghost.csv");
        DatasetRef data = DatasetRef.withSplit("ghost", ghost, 0.2, 1, "y", List.of());
        fx.publish(fx.trials("s-w5", 1, 2, data), 1);

        try (TrialWorker worker = new TrialWorker(fx.workerConfig("w5", 1), new SlowTrainer(1), Clock.systemUTC()).start()) {
            List<EventMessage> events = fx.eventsUntilTerminal(1);

            TrialFailed failed = (TrialFailed) events.stream().filter(TrialEnded.class::isInstance).findFirst().orElseThrow();
            assertThat(failed.reason()).contains("ghost.csv", "is not in " + fx.topics.datasets());
            assertThat(failed.epoch()).isZero();
        }
    }

    @Test
    void shouldLeaveNoLagBehindATransactionalTrialRecord() throws Exception {
        PipelineFixture fx = new PipelineFixture(kafka.get(), "w7.", 1);
        DatasetRef data = fx.uploadSyntheticData(60, 7);
        TrialRequested trial = fx.trials("s-w7", 1, 2, data).get(0);
        // As the aggregator writes trials: inside a transaction, so a commit marker follows the record.
        Map<String, Object> config = dev.trialstream.kafka.ClientConfigs.transactionalProducer(
                kafka.bootstrapServers(), "test-tx", "test-tx");
        try (org.apache.kafka.clients.producer.KafkaProducer<String, byte[]> producer =
                     new org.apache.kafka.clients.producer.KafkaProducer<>(config)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(fx.topics.trials(), trial.trialId(),
                    fx.codec.encode(trial)));
            producer.commitTransaction();
        }

        try (TrialWorker worker = new TrialWorker(fx.workerConfig("w7", 1), new SlowTrainer(1), Clock.systemUTC()).start()) {
            fx.eventsUntilTerminal(1);
            long end;
            try (org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]> consumer =
                         new org.apache.kafka.clients.consumer.KafkaConsumer<>(ClientConfigs.consumer(
                                 kafka.bootstrapServers(), "test-end", null))) {
                var partition = new org.apache.kafka.common.TopicPartition(fx.topics.trials(), 0);
                end = consumer.endOffsets(List.of(partition)).get(partition);
            }
            // The record is offset 0 and its marker offset 1: the group must get to 2, not stop at 1.
            assertThat(end).isEqualTo(2);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(
                    () -> fx.committedTrialOffsets(fx.workerConfig("w7", 1).groupId()) == end);
        }
    }

    @Test
    void shouldFinalFitAndPublishALoadableBundle() {
        PipelineFixture fx = new PipelineFixture(kafka.get(), "w6.", 1);
        DatasetRef data = fx.uploadSyntheticData(120, 6);
        Hyperparameters params = Hyperparameters.fromMap(Map.of("neurons", 16, "learningRate", 0.01));
        fx.publish(List.of(new FinalFitRequested("s-w6", "s-w6-t3", params, 7, 20, data, true, 1, 1)), 1);

        try (TrialWorker worker = new TrialWorker(fx.workerConfig("w6", 1), new Dl4jTrainer(), Clock.systemUTC()).start()) {
            List<Message> events = fx.readUntil(fx.topics.events(), list -> !list.isEmpty());
            List<Message> models = fx.readUntil(fx.topics.models(), list -> list.stream().anyMatch(m -> m instanceof ModelPublished));

            FinalFitCompleted completed = (FinalFitCompleted) events.get(0);
            assertThat(completed.trialId()).isEqualTo("s-w6-t3");
            assertThat(completed.test().n()).isEqualTo(24);
            ModelPublished published = (ModelPublished) models.stream().filter(m -> m instanceof ModelPublished)
                    .findFirst().orElseThrow();
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                    ClientConfigs.consumer(kafka.bootstrapServers(), "test-model", null))) {
                byte[] bytes = new BlobStore(fx.codec).fetch(consumer, fx.topics.models(), published.bundle(),
                        PipelineFixture.WAIT);
                ModelBundle bundle = ModelBundle.fromBytes("bundle", bytes);
                assertThat(bundle.info().params()).isEqualTo(params);
                assertThat(bundle.info().searchId()).isEqualTo("s-w6");
                assertThat(bundle.info().test()).isEqualTo(completed.test());
            }
        }
    }

}
