package dev.trialstream.aggregator.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.aggregator.metrics.AggregatorMetrics;
import dev.trialstream.aggregator.state.SearchTracker;
import dev.trialstream.core.ensemble.OutOfFold;
import dev.trialstream.core.message.BlobChunker;
import dev.trialstream.core.message.FileRef;
import dev.trialstream.core.message.EnsembleMember;
import dev.trialstream.core.message.FinalFitCompleted;
import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.TrialRequested;
import dev.trialstream.core.message.TrialPruned;
import dev.trialstream.core.message.SearchCancelled;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.MessageSamples;
import dev.trialstream.core.message.SearchSubmitted;
import dev.trialstream.core.message.TrialCompleted;
import dev.trialstream.core.message.TrialStarted;
import dev.trialstream.core.metrics.CvScores;
import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.spec.SearchSpec;
import dev.trialstream.core.spec.SpecOverrides;
import dev.trialstream.core.status.SearchStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import dev.trialstream.core.testing.SettableClock;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The processor on a mock context and an in-memory store: what it keeps in memory, and for how long. */
class TrackerProcessorTest {

    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(1000), ZoneOffset.UTC);
    private final MessageCodec codec = new MessageCodec();
    private final MockProcessorContext<String, byte[]> context = new MockProcessorContext<>();
    private final AggregatorMetrics metrics = new AggregatorMetrics(clock);
    private final TrackerProcessor processor = newProcessor();

    @BeforeEach
    void init() {
        metrics.bindTo(new SimpleMeterRegistry());
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(AggregatorTopology.STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        processor.init(context);
    }

    /** A processor as these tests run it (finished searches kept 7 days); a second one stands for a restart. */
    private TrackerProcessor newProcessor() {
        return new TrackerProcessor(new SearchTracker(clock, 10), codec, clock, metrics, java.time.Duration.ofDays(7));
    }

    private void process(Message message) {
        processor.process(new Record<>(message.key(), codec.encode(message), 0L));
    }

    private static TrialCompleted completed(String search, int i, double mse) {
        return new TrialCompleted(search, search + "-t" + i, 20, CvScores.ofMse(List.of(mse, mse)), 1.0, "w", 1);
    }

    private static SearchSubmitted submitted(String search) {
        SearchSpec spec = SpecOverrides.none().withTrials(2).withEpochs(20).applyTo(MessageSamples.queuedAtOnce());
        return new SearchSubmitted(search, spec, MessageSamples.DATASET, 2, 2, 1);
    }

    /** The progress ticks of every processor initialised on the context, as the wall clock would run them. */
    private void tick() {
        context.scheduledPunctuators().stream()
                .filter(p -> p.getInterval().equals(TrackerProcessor.PROGRESS_INTERVAL))
                .forEach(p -> p.getPunctuator().punctuate(clock.millis()));
    }

    private List<LeaderboardSnapshot> snapshots() {
        return context.forwarded().stream().map(f -> codec.decode(f.record().value(), Message.class))
                .filter(LeaderboardSnapshot.class::isInstance).map(LeaderboardSnapshot.class::cast).toList();
    }

    private static final float[] TRUTH = {10, 20, 30};

    private static TrialCompleted completed(String search, int i, double mse, float offset) {
        float[] predictions = {TRUTH[0] + offset, TRUTH[1] + offset, TRUTH[2] + offset};
        return new TrialCompleted(search, search + "-t" + i, 20, CvScores.ofMse(List.of(mse, mse)), 1.0, "w", 1,
                new OutOfFold(predictions, TRUTH));
    }

    @Test
    void shouldReadPredictionsSentThroughTheBlobStoreAndKeepThemInItsState() {
        TrialCompleted inline = completed("a", 0, 4.0, 2f);
        TrialCompleted other = completed("a", 1, 4.0, -2f);
        BlobChunker chunker = new BlobChunker();
        FileRef file = chunker.ref(inline.outOfFold().toBytes(), "a-t0.oof");
        FileRef lost = chunker.ref(other.outOfFold().toBytes(), "a-t1.oof");
        List<FileRef> fetched = new java.util.ArrayList<>();
        OutOfFoldFiles blobs = ref -> {
            fetched.add(ref);
            if (ref.equals(lost)) {
                throw new IllegalStateException("not in the topic");
            }
            return OutOfFold.fromBytes(inline.outOfFold().toBytes(), ref.displayName());
        };
        TrackerProcessor withBlobs = new TrackerProcessor(new SearchTracker(clock, 10), codec, blobs, clock, metrics,
                java.time.Duration.ofDays(7), LeaderboardSnapshot.HEARTBEAT);
        withBlobs.init(context);
        SearchSpec spec = SpecOverrides.none().withTrials(3).withEpochs(20).applyTo(SearchSpec.defaultFor("boston"));
        withBlobs.process(new Record<>("a", codec.encode(new SearchSubmitted("a", spec, MessageSamples.DATASET, 3, 3, 1)), 0L));

        withBlobs.process(new Record<>("a", codec.encode(inline.withOutOfFoldFile(file)), 0L));
        // Unreadable: the trial completes, out of the ensemble.
        withBlobs.process(new Record<>("a", codec.encode(other.withOutOfFoldFile(lost)), 0L));

        assertThat(fetched).containsExactly(file, lost);
        tick();
        LeaderboardSnapshot last = snapshots().get(snapshots().size() - 1);
        assertThat(last.ensemble().members()).containsExactly(new EnsembleMember("a-t0", 1.0));
        assertThat(last.ensemble().outOfFold().n()).isEqualTo(3);
        assertThat(last.counts().completed()).isEqualTo(2);

        // The state holds the predictions themselves: a restart without any blob store still has them.
        TrackerProcessor restarted = newProcessor();
        restarted.init(context);
        context.resetForwards();
        restarted.process(new Record<>("a", codec.encode(completed("a", 2, 4.0, -2f)), 0L));
        tick();
        assertThat(snapshots().get(snapshots().size() - 1).ensemble().members())
                .containsExactlyInAnyOrder(new EnsembleMember("a-t0", 0.5), new EnsembleMember("a-t2", 0.5));
    }

    @Test
    void shouldKeepOutOfFoldPredictionsAndTheEnsembleAcrossARestart() {
        SearchSpec spec = SpecOverrides.none().withTrials(3).withEpochs(20).applyTo(MessageSamples.queuedAtOnce());
        process(new SearchSubmitted("a", spec, MessageSamples.DATASET, 3, 3, 1));
        process(completed("a", 0, 4.0, 2f));
        process(completed("a", 1, 9.0, 3f));
        tick();
        assertThat(snapshots()).last().satisfies(s -> assertThat(s.ensemble().members())
                .containsExactly(new EnsembleMember("a-t0", 1.0)));

        // A new processor on the same store: nothing in memory, all from the store.
        TrackerProcessor restarted = newProcessor();
        restarted.init(context);
        context.resetForwards();
        restarted.process(new Record<>("a", codec.encode(completed("a", 2, 4.0, -2f)), 0L));
        tick();

        // Trial 2 errs the other way from trial 0: their mean is exact, so trial 0's predictions survived.
        LeaderboardSnapshot after = snapshots().get(snapshots().size() - 1);
        assertThat(after.ensemble().members()).containsExactlyInAnyOrder(new EnsembleMember("a-t0", 0.5),
                new EnsembleMember("a-t2", 0.5));
        assertThat(after.ensemble().outOfFold().mse()).isEqualTo(0.0);
    }

    @Test
    void shouldDropAFinishedSearchFromMemoryButStillAnswerItsLateEventsFromTheStore() {
        process(submitted("a"));
        process(submitted("b"));
        for (int i = 0; i < 2; i++) {
            process(new TrialStarted("a", "a-t" + i, i, Hyperparameters.fromMap(Map.of("neurons", 8 + i)), 100 + i,
                    "x", "w", 1));
        }
        process(completed("a", 0, 12.0));
        process(completed("a", 1, 9.0));
        assertThat(processor.searchesInMemory()).isEqualTo(2);
        assertThat(snapshots()).last().satisfies(s -> assertThat(s.status()).isEqualTo(SearchStatus.FINAL_FIT));

        process(new FinalFitCompleted("a", "a-t1", 20, MessageSamples.METRICS, MessageSamples.TRAIN, 2.0, "w", 1));

        assertThat(processor.searchesInMemory()).as("only b, still running").isEqualTo(1);
        assertThat(snapshots()).last().satisfies(s -> {
            assertThat(s.searchId()).isEqualTo("a");
            assertThat(s.status()).isEqualTo(SearchStatus.DONE);
        });

        context.resetForwards();
        process(completed("a", 1, 1.0)); // a late duplicate: read from the store, ignored, not kept

        assertThat(context.forwarded()).isEmpty();
        assertThat(processor.searchesInMemory()).isEqualTo(1);
        process(completed("b", 0, 5.0));
        tick();
        assertThat(snapshots()).last().satisfies(s -> assertThat(s.counts().completed()).isEqualTo(1));
    }

    @Test
    void shouldPublishAPackOfTrialEndsAsOneSnapshotOnTheNextTick() {
        SearchSpec spec = SpecOverrides.none().withTrials(65).withEpochs(20).applyTo(MessageSamples.queuedAtOnce());
        process(new SearchSubmitted("a", spec, MessageSamples.DATASET, 65, 65, 1));
        context.resetForwards();

        for (int i = 0; i < 65; i++) {
            process(new TrialStarted("a", "a-t" + i, i, Hyperparameters.fromMap(Map.of("neurons", 8)), 100 + i, "x",
                    "w", 1));
        }
        for (int i = 0; i < 64; i++) {
            process(completed("a", i, 10.0 + i));
        }

        assertThat(snapshots()).as("trial ends wait for the tick").isEmpty();
        tick();
        assertThat(snapshots()).singleElement().satisfies(s -> {
            assertThat(s.counts().completed()).isEqualTo(64);
            assertThat(s.status()).isEqualTo(SearchStatus.RUNNING);
        });
        tick();
        assertThat(snapshots()).as("nothing changed since").hasSize(1);

        process(completed("a", 64, 1.0));
        assertThat(snapshots()).as("the last trial moves the search on: published at once").hasSize(2)
                .last().satisfies(s -> assertThat(s.status()).isEqualTo(SearchStatus.FINAL_FIT));
    }

    @Test
    void shouldPublishTheLeaderboardOfASearchReadBackAfterARestartOnTheNextTick() {
        SearchSpec spec = SpecOverrides.none().withTrials(3).withEpochs(20).applyTo(MessageSamples.queuedAtOnce());
        process(new SearchSubmitted("a", spec, MessageSamples.DATASET, 3, 3, 1));
        process(completed("a", 0, 4.0));
        // Committed here, and the processor dies before its tick: the change is stored, its mark is not.
        TrackerProcessor restarted = newProcessor();
        context.resetForwards();
        restarted.init(context);

        restarted.process(new Record<>("a", codec.encode(new TrialStarted("a", "a-t1", 1,
                Hyperparameters.fromMap(Map.of("neurons", 9)), 101, "x", "w", 1)), 0L));
        context.scheduledPunctuators().stream().filter(p -> p.getInterval().equals(TrackerProcessor.PROGRESS_INTERVAL))
                .reduce((a, b) -> b).orElseThrow().getPunctuator().punctuate(clock.millis());

        assertThat(snapshots()).singleElement().satisfies(s -> {
            assertThat(s.counts().completed()).isEqualTo(1);
            assertThat(s.counts().running()).isEqualTo(1);
        });
    }

    @Test
    void shouldForgetASearchOnceItHasBeenFinishedForTheRetentionButKeepRunningOnes() {
        TrackerProcessor forgetful = new TrackerProcessor(new SearchTracker(clock, 10), codec, clock, metrics,
                java.time.Duration.ZERO);
        forgetful.init(context);
        for (Message message : List.of(submitted("a"), submitted("b"),
                new SearchCancelled("a", "enough", 1))) {
            forgetful.process(new Record<>(message.key(), codec.encode(message), 0L));
        }
        for (int i = 0; i < 2; i++) {
            forgetful.process(new Record<>("a", codec.encode(new TrialPruned("a", TrialRequested.idFor("a", i), 0,
                    Double.NaN, "search cancelled before this trial started: enough", "w", 1)), 0L));
        }
        KeyValueStore<String, byte[]> store = context.getStateStore(AggregatorTopology.STORE);
        assertThat(store.get("a")).as("a, cancelled, is over").isNotNull();

        context.scheduledPunctuators().stream().filter(p -> p.getInterval().equals(TrackerProcessor.SWEEP_INTERVAL))
                .forEach(p -> p.getPunctuator().punctuate(clock.millis()));

        assertThat(store.get("a")).isNull();
        List<String> left = new java.util.ArrayList<>();
        try (var all = store.all()) {
            all.forEachRemaining(e -> left.add(e.key));
        }
        assertThat(left).as("b is running: kept").containsExactly("b");
    }

    /**
     * The case the fault suite met (README, <i>Not fixed</i>): Kafka dropped the markers of the
     * transaction that applied a search's final fit, so its changelog records ended aborted while
     * the processor went on from its store; a restart then read the search back in final-fit for good.
     */
    @Test
    void shouldWriteAChangeAgainOnceQuietSoARestartHasItThoughKafkaDroppedItsTransaction() {
        SettableClock now = new SettableClock(1000);
        List<Map.Entry<String, byte[]>> changelog = new ArrayList<>();
        MockProcessorContext<String, byte[]> running = new MockProcessorContext<>();
        TrackerProcessor first = new TrackerProcessor(new SearchTracker(now, 10), codec, now, metrics, Duration.ofDays(7));
        first.init(withStore(running, changelog));
        for (Message message : List.of(submitted("a"), started("a", 0), started("a", 1), completed("a", 0, 12.0),
                completed("a", 1, 9.0))) {
            first.process(new Record<>(message.key(), codec.encode(message), 0L));
        }
        int committed = changelog.size();
        first.process(new Record<>("a", codec.encode(new FinalFitCompleted("a", "a-t1", 20, MessageSamples.METRICS,
                MessageSamples.TRAIN, 2.0, "w", 1)), 0L));
        changelog.subList(committed, changelog.size()).clear(); // that transaction's records ended aborted
        running.resetForwards();

        now.advance(QuietRewrites.QUIET.toMillis() - 1);
        punctuate(running, QuietRewrites.CHECK, now);
        assertThat(changelog).as("not quiet yet").hasSize(committed);
        now.advance(1);
        punctuate(running, QuietRewrites.CHECK, now);

        assertThat(running.forwarded()).as("the leaderboard is published again").singleElement()
                .satisfies(f -> assertThat(((LeaderboardSnapshot) codec.decode(f.record().value(), Message.class))
                        .status()).isEqualTo(SearchStatus.DONE));
        // A restart: a new store restored from the changelog.
        MockProcessorContext<String, byte[]> restarted = new MockProcessorContext<>();
        withStore(restarted, new ArrayList<>());
        KeyValueStore<String, byte[]> restored = restarted.getStateStore(AggregatorTopology.STORE);
        changelog.forEach(record -> {
            if (record.getValue() == null) {
                restored.delete(record.getKey());
            } else {
                restored.put(record.getKey(), record.getValue());
            }
        });
        assertThat(SearchStore.load(restored, "a")).hasValueSatisfying(state -> assertThat(state.done()).isTrue());
        assertThat(SearchStore.load(restored, "a").orElseThrow().trials()).hasSize(2);

        running.resetForwards();
        punctuate(running, QuietRewrites.CHECK, now);
        assertThat(running.forwarded()).as("written again once, not at every check").isEmpty();
    }

    private static TrialStarted started(String search, int i) {
        return new TrialStarted(search, search + "-t" + i, i, Hyperparameters.fromMap(Map.of("neurons", 8 + i)), 100 + i,
                "x", "w", 1);
    }

    private static void punctuate(MockProcessorContext<String, byte[]> context, Duration interval, Clock clock) {
        context.scheduledPunctuators().stream().filter(p -> p.getInterval().equals(interval))
                .forEach(p -> p.getPunctuator().punctuate(clock.millis()));
    }

    /** The context with an in-memory tracker store whose every put and delete is also appended to {@code changelog}. */
    @SuppressWarnings("unchecked")
    private static MockProcessorContext<String, byte[]> withStore(MockProcessorContext<String, byte[]> context,
                                                                List<Map.Entry<String, byte[]>> changelog) {
        KeyValueStore<String, byte[]> memory = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(AggregatorTopology.STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        KeyValueStore<String, byte[]> logged = (KeyValueStore<String, byte[]>) Proxy.newProxyInstance(
                KeyValueStore.class.getClassLoader(), new Class<?>[] {KeyValueStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("put")) {
                        changelog.add(new AbstractMap.SimpleEntry<>((String) args[0], (byte[]) args[1]));
                    } else if (method.getName().equals("delete")) {
                        changelog.add(new AbstractMap.SimpleEntry<>((String) args[0], null));
                    }
                    return method.invoke(memory, args);
                });
        memory.init(context.getStateStoreContext(), memory);
        context.addStateStore(logged);
        return context;
    }
}
