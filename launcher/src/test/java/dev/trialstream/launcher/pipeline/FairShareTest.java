package dev.trialstream.launcher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trialstream.aggregator.streams.AggregatorApp;
import dev.trialstream.aggregator.streams.AggregatorConfig;
import dev.trialstream.broker.EmbeddedKafka;
import dev.trialstream.core.data.DataSpec;
import dev.trialstream.core.data.DatasetLoader;
import dev.trialstream.core.data.DatasetSource;
import dev.trialstream.core.message.EventMessage;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.MessageSamples;
import dev.trialstream.core.message.TrialCompleted;
import dev.trialstream.core.message.TrialEnded;
import dev.trialstream.core.message.TrialRequested;
import dev.trialstream.core.message.TrialStarted;
import dev.trialstream.core.spec.Priority;
import dev.trialstream.core.spec.SearchSpec;
import dev.trialstream.core.spec.SpecOverrides;
import dev.trialstream.core.status.SearchStatus;
import dev.trialstream.core.strategy.Strategies;
import dev.trialstream.kafka.ClientConfigs;
import dev.trialstream.kafka.KafkaConnection;
import dev.trialstream.kafka.TopicBootstrap;
import dev.trialstream.kafka.TopicLayout;
import dev.trialstream.kafka.Topics;
import dev.trialstream.kafka.TrialPartitions;
import dev.trialstream.launcher.bench.NoopTrainer;
import dev.trialstream.producer.kafka.SearchSubmitter;
import dev.trialstream.producer.kafka.SubmittedSearch;
import dev.trialstream.worker.kafka.TrialWorker;
import dev.trialstream.worker.kafka.WorkerConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many searches, one fleet (embedded broker, the real aggregator and worker): a big low-priority
 * search holds every slot; a small high-priority one submitted later starts within one trial's
 * duration, takes the slots as they free up, and both end with every trial ended exactly once;
 * and a newcomer's first batch starts on idle slots rather than queueing behind busy ones.
 */
class FairShareTest {

    private static final Duration TRIAL = Duration.ofSeconds(2);
    private static final int SLOTS = 2;
    private final MessageCodec codec = new MessageCodec();

    @TempDir
    Path dir;

    @Test
    void shouldStartAHighPrioritySearchWithinOneTrialOfAFleetHeldByALowOne() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            Topics topics = new Topics("fair.");
            try (TopicBootstrap bootstrap = new TopicBootstrap(kafka.bootstrapServers(), topics,
                    new TopicLayout(2, SLOTS, (short) 1), Duration.ofSeconds(30))) {
                bootstrap.ensureTopics();
            }
            SearchSpec big = spec("big", 10, SLOTS, Priority.LOW);
            SearchSpec small = spec("small", 3, SLOTS, Priority.HIGH);
            try (AggregatorApp aggregator = new AggregatorApp(new AggregatorConfig(kafka.bootstrapServers(), topics,
                    dir.resolve("agg"), 20, Duration.ofMinutes(2)).withFleetSlots(SLOTS), Clock.systemUTC()).start();
                 TrialWorker worker = new TrialWorker(WorkerConfig.of(kafka.bootstrapServers(), topics, "w", SLOTS),
                         new NoopTrainer(TRIAL), Clock.systemUTC()).start()) {
                SubmittedSearch low = submit(kafka, topics, big);
                // The big search holds every slot, and has been metered past its first batch.
                await().atMost(Duration.ofMinutes(1)).until(() -> aggregator.leaderboard(low.searchId())
                        .map(s -> s.counts().completed() >= SLOTS + 1 && s.counts().running() == SLOTS).orElse(false));
                long submitCalled = System.currentTimeMillis();
                SubmittedSearch high = submit(kafka, topics, small);
                // Published: the data uploaded, the search and its first batch committed (the
                // producer's start and the upload are the submitter's time, not the fleet's).
                long submittedAt = System.currentTimeMillis();

                await().atMost(Duration.ofMinutes(3)).until(() -> done(aggregator, low) && done(aggregator, high));

                Map<String, List<EventMessage>> events = events(kafka, topics);
                long firstStart = events.get(high.searchId()).stream().filter(TrialStarted.class::isInstance)
                        .mapToLong(EventMessage::at).min().orElseThrow();
                long wait = firstStart - submittedAt;
                System.out.printf("high-priority search: first trial started %d ms after it was published, %d ms"
                        + " after submit was called (trial %d ms)%n", wait, firstStart - submitCalled, TRIAL.toMillis());
                assertThat(wait).as("wait for the first trial, ms").isLessThanOrEqualTo(TRIAL.toMillis());
                assertEndedExactlyOnce(events.get(low.searchId()), low.searchId(), 10);
                assertEndedExactlyOnce(events.get(high.searchId()), high.searchId(), 3);
                // Submitted later, it finished first: it had the fleet while it ran.
                assertThat(lastEnd(events.get(high.searchId()))).isLessThan(lastEnd(events.get(low.searchId())));
                // While it ran, the low search started no more than one trial (a slot freed before
                // the high search's second slot arrived).
                long highDone = lastEnd(events.get(high.searchId()));
                assertThat(events.get(low.searchId()).stream().filter(TrialStarted.class::isInstance)
                        .filter(e -> e.at() > firstStart && e.at() < highDone)).hasSizeLessThanOrEqualTo(1);
            }
        }
    }

    /**
     * A newcomer's first batch goes where its search's trials start ({@link TrialPartitions}), not
     * to the partitions every search's first batch used to share: with one search's trials running
     * on two of four slots, a search submitted next starts on the two idle slots at once instead of
     * queueing behind the busy ones for a whole trial (what 8 of 20 searches did in the load bench).
     */
    @Test
    void shouldStartANewcomersFirstTrialOnAnIdleSlotNotBehindABusyOne() throws Exception {
        Duration trial = Duration.ofSeconds(4);
        int slots = 4;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            Topics topics = new Topics("idle.");
            try (TopicBootstrap bootstrap = new TopicBootstrap(kafka.bootstrapServers(), topics,
                    new TopicLayout(2, slots, (short) 1), Duration.ofSeconds(30))) {
                bootstrap.ensureTopics();
            }
            // Ids whose trials start on partition 0 and 2: each takes two of the four partitions.
            String first = idStartingAt(0, slots, "busy");
            String second = idStartingAt(2, slots, "new");
            try (AggregatorApp aggregator = new AggregatorApp(new AggregatorConfig(kafka.bootstrapServers(), topics,
                    dir.resolve("agg"), 20, Duration.ofMinutes(2)).withFleetSlots(slots), Clock.systemUTC()).start();
                 TrialWorker worker = new TrialWorker(WorkerConfig.of(kafka.bootstrapServers(), topics, "w", slots),
                         new NoopTrainer(trial), Clock.systemUTC()).start()) {
                // Every slot has its partition and has trained once (a warm fleet).
                SubmittedSearch warmUp = submit(kafka, topics, spec("warm-up", slots, slots, Priority.NORMAL),
                        idStartingAt(0, slots, "warm"));
                await().atMost(Duration.ofMinutes(1)).until(() -> done(aggregator, warmUp));

                SubmittedSearch busy = submit(kafka, topics, spec("busy", 2, 2, Priority.NORMAL), first);
                await().atMost(Duration.ofMinutes(1)).until(() -> aggregator.leaderboard(busy.searchId())
                        .map(s -> s.counts().running() == 2).orElse(false));
                SubmittedSearch newcomer = submit(kafka, topics, spec("new", 2, 2, Priority.NORMAL), second);
                long publishedAt = System.currentTimeMillis();
                await().atMost(Duration.ofMinutes(1)).until(() -> done(aggregator, busy) && done(aggregator, newcomer));

                Map<String, List<EventMessage>> events = events(kafka, topics);
                long busyEnd = lastEnd(events.get(busy.searchId()));
                long firstStart = events.get(newcomer.searchId()).stream().filter(TrialStarted.class::isInstance)
                        .mapToLong(EventMessage::at).min().orElseThrow();
                System.out.printf("newcomer: first trial started %d ms after it was published (trial %d ms; the busy"
                        + " search's trials ended %d ms after it)%n", firstStart - publishedAt, trial.toMillis(),
                        busyEnd - publishedAt);
                // Before: queued behind the busy search's trials, it started only once they ended.
                assertThat(firstStart).as("newcomer's first start against the busy search's end").isLessThan(busyEnd);
                assertThat(firstStart - publishedAt).as("wait for the first trial, ms")
                        .isLessThan(trial.toMillis() / 2);
                assertEndedExactlyOnce(events.get(busy.searchId()), busy.searchId(), 2);
                assertEndedExactlyOnce(events.get(newcomer.searchId()), newcomer.searchId(), 2);
            }
        }
    }

    /** A search id whose trial 0 goes to {@code partition}. */
    private static String idStartingAt(int partition, int partitions, String name) {
        return IntStream.range(0, 1000).mapToObj(i -> "s-" + name + i)
                .filter(id -> TrialPartitions.start(id, partitions) == partition).findFirst().orElseThrow();
    }

    private static boolean done(AggregatorApp aggregator, SubmittedSearch search) {
        return aggregator.leaderboard(search.searchId())
                .map(s -> s.status() != SearchStatus.RUNNING && s.counts().requested() == 0).orElse(false);
    }

    private static SearchSpec spec(String name, int trials, int parallelism, Priority priority) {
        SearchSpec spec = SpecOverrides.none().withTrials(trials).withEpochs(1).withParallelism(parallelism)
                .withPriority(priority).applyTo(MessageSamples.queuedAtOnce());
        return new SearchSpec(name, spec.data(), spec.cv(), spec.strategy(), spec.training(), spec.pruning(),
                spec.parallelism(), spec.space(), dev.trialstream.core.spec.EnsembleSpec.defaults(), spec.priority());
    }

    private SubmittedSearch submit(EmbeddedKafka kafka, Topics topics, SearchSpec spec) {
        return submit(kafka, topics, spec, null);
    }

    private SubmittedSearch submit(EmbeddedKafka kafka, Topics topics, SearchSpec spec, String id) {
        DatasetSource source = new DatasetLoader().resolve(DataSpec.builtin("boston"));
        try (KafkaProducer<String, byte[]> producer = SearchSubmitter.transactionalProducer(
                KafkaConnection.of(kafka.bootstrapServers()), topics)) {
            return new SearchSubmitter(producer, topics, codec, Clock.systemUTC(),
                    id == null ? SearchSubmitter.randomIds() : () -> id)
                    .submit(spec, Strategies.create(spec), source);
        }
    }

    /** Every committed event on the topic, by search. */
    private Map<String, List<EventMessage>> events(EmbeddedKafka kafka, Topics topics) {
        Map<String, List<EventMessage>> bySearch = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                ClientConfigs.consumer(kafka.bootstrapServers(), "fair-events", null),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(topics.events()).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    EventMessage event = codec.decode(record.value(), EventMessage.class);
                    bySearch.computeIfAbsent(event.searchId(), k -> new ArrayList<>()).add(event);
                }
            }
        }
        return bySearch;
    }

    private static void assertEndedExactlyOnce(List<EventMessage> events, String searchId, int budget) {
        List<String> ended = events.stream().filter(TrialEnded.class::isInstance).map(EventMessage::trialId).toList();
        assertThat(ended).as("terminal events of " + searchId).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, budget).mapToObj(i -> TrialRequested.idFor(searchId, i)).toList());
        assertThat(events.stream().filter(TrialEnded.class::isInstance)).allMatch(e -> e instanceof TrialCompleted);
    }

    private static long lastEnd(List<EventMessage> events) {
        return events.stream().filter(TrialEnded.class::isInstance).mapToLong(EventMessage::at).max().orElseThrow();
    }
}
