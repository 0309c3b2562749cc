package dev.trialstream.launcher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trialstream.aggregator.streams.AggregatorApp;
import dev.trialstream.aggregator.streams.AggregatorConfig;
import dev.trialstream.broker.EmbeddedKafka;
import dev.trialstream.core.data.DataSpec;
import dev.trialstream.core.data.DatasetLoader;
import dev.trialstream.core.data.DatasetSource;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.MessageSamples;
import dev.trialstream.core.spec.SearchSpec;
import dev.trialstream.core.spec.SpecOverrides;
import dev.trialstream.core.strategy.Strategies;
import dev.trialstream.kafka.KafkaConnection;
import dev.trialstream.kafka.TopicBootstrap;
import dev.trialstream.kafka.TopicLayout;
import dev.trialstream.kafka.Topics;
import dev.trialstream.launcher.bench.NoopTrainer;
import dev.trialstream.producer.kafka.SearchSubmitter;
import dev.trialstream.worker.kafka.TrialWorker;
import dev.trialstream.worker.kafka.WorkerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet's size is what the live workers announce (embedded broker, the real aggregator and
 * workers, no {@code --fleet-slots}): workers of 3 and 2 slots make a fleet of 5, and the
 * scheduler keeps no more than that queued or running; one that stops takes its slots with it at
 * once, one that is killed after three of its announcement periods of silence.
 */
class FleetAnnouncementTest {

    private static final Duration ANNOUNCE_EVERY = Duration.ofMillis(500);
    private final MessageCodec codec = new MessageCodec();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @TempDir
    Path dir;

    @Test
    void shouldShareTheSlotsTheLiveWorkersAnnounce() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            Topics topics = new Topics("fleet.");
            try (TopicBootstrap bootstrap = new TopicBootstrap(kafka.bootstrapServers(), topics,
                    new TopicLayout(2, 5, (short) 1), Duration.ofSeconds(30))) {
                bootstrap.ensureTopics();
            }
            try (AggregatorApp aggregator = new AggregatorApp(new AggregatorConfig(kafka.bootstrapServers(), topics,
                    dir.resolve("agg"), 20, Duration.ofMinutes(2)).withFleetSlots(AggregatorConfig.ANNOUNCED_FLEET),
                    Clock.systemUTC(), registry).start()) {
                // Wants 8 at once: its first batch; no worker yet, so nothing more is released.
                submit(kafka, topics, 500, 8);
                await().atMost(Duration.ofMinutes(1)).until(() -> inFlight() == 8);
                assertThat(capacity()).isZero();

                TrialWorker three = worker(kafka, topics, "three", 3);
                try (TrialWorker two = worker(kafka, topics, "two", 2)) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> capacity() == 5);
                    await().atMost(Duration.ofSeconds(10)).until(() -> fleetWorkersStored(aggregator) == 2);
                    // As trials end, the search is held to the fleet: 5 queued or running, no more.
                    await().atMost(Duration.ofMinutes(1)).until(() -> inFlight() == 5);
                    for (int i = 0; i < 20; i++) {
                        assertThat(inFlight()).as("trials queued or running on a fleet of 5").isLessThanOrEqualTo(5);
                        Thread.sleep(100);
                    }

                    // A clean stop leaves the fleet at once (its trials go back to the queue).
                    long stopped = System.nanoTime();
                    three.close();
                    await().atMost(Duration.ofSeconds(10)).until(() -> capacity() == 2);
                    System.out.printf("fleet 5 -> 2 slots %d ms after the 3-slot worker stopped%n",
                            (System.nanoTime() - stopped) / 1_000_000);
                    await().atMost(Duration.ofMinutes(1)).until(() -> inFlight() <= 2);

                    // A killed worker says nothing: it leaves after 3 periods of silence (+ the 1 s check).
                    long killed = System.nanoTime();
                    two.halt();
                    await().atMost(Duration.ofSeconds(15)).until(() -> capacity() == 0);
                    await().atMost(Duration.ofSeconds(10)).until(() -> fleetWorkersStored(aggregator) == 0);
                    long silentMs = (System.nanoTime() - killed) / 1_000_000;
                    System.out.printf("fleet 2 -> 0 slots %d ms after the 2-slot worker was killed%n", silentMs);
                    assertThat(silentMs).as("a killed worker counts until it has been silent for 3 periods")
                            .isGreaterThanOrEqualTo(2 * ANNOUNCE_EVERY.toMillis());
                } finally {
                    three.close();
                }
            }
        }
    }

    private TrialWorker worker(EmbeddedKafka kafka, Topics topics, String id, int slots) {
        return new TrialWorker(WorkerConfig.of(kafka.bootstrapServers(), topics, id, slots)
                .withAnnounceEvery(ANNOUNCE_EVERY), new NoopTrainer(Duration.ofMillis(300)), Clock.systemUTC())
                .start();
    }

    /** Workers in the scheduler's store, as the bench's store sizes count them. */
    private static long fleetWorkersStored(AggregatorApp aggregator) {
        return aggregator.storeSizes().get("fleet-workers")[0];
    }

    private double capacity() {
        return registry.get("trialstream.fleet.slots").tag("kind", "capacity").gauge().value();
    }

    private double inFlight() {
        return registry.get("trialstream.fleet.slots").tag("kind", "in_flight").gauge().value();
    }

    private void submit(EmbeddedKafka kafka, Topics topics, int trials, int parallelism) {
        SearchSpec spec = SpecOverrides.none().withTrials(trials).withEpochs(1).withParallelism(parallelism)
                .applyTo(MessageSamples.queuedAtOnce());
        spec = new SearchSpec("wide", spec.data(), spec.cv(), spec.strategy(), spec.training(), spec.pruning(),
                spec.parallelism(), spec.space(), dev.trialstream.core.spec.EnsembleSpec.defaults(), spec.priority());
        DatasetSource source = new DatasetLoader().resolve(DataSpec.builtin("boston"));
        try (KafkaProducer<String, byte[]> producer = SearchSubmitter.transactionalProducer(
                KafkaConnection.of(kafka.bootstrapServers()), topics)) {
            new SearchSubmitter(producer, topics, codec, Clock.systemUTC(), SearchSubmitter.randomIds())
                    .submit(spec, Strategies.create(spec), source);
        }
    }
}
