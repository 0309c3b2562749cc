package dev.trialstream.aggregator.streams;

import dev.trialstream.aggregator.metrics.AggregatorMetrics;
import dev.trialstream.aggregator.state.Applied;
import dev.trialstream.aggregator.state.Output;
import dev.trialstream.aggregator.state.SearchState;
import dev.trialstream.aggregator.state.SearchTracker;
import dev.trialstream.core.ensemble.OutOfFold;
import dev.trialstream.core.message.DeadLetter;
import dev.trialstream.core.message.FileRef;
import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.EventMessage;
import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.MessageDecodeException;
import dev.trialstream.core.message.SearchMessage;
import dev.trialstream.core.message.SlotsGranted;
import dev.trialstream.core.message.TrialCompleted;
import java.time.Clock;
import java.time.Duration;
import dev.trialstream.aggregator.state.StateCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes a search or event record, lets the {@link SearchTracker} apply it to the search's stored
 * state, and forwards what the tracker wants published. Undecodable records go to dead-letters.
 */
final class TrackerProcessor implements Processor<String, byte[], String, byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(TrackerProcessor.class);
    static final Duration PROGRESS_INTERVAL = Duration.ofMillis(250);

    private final SearchTracker tracker;
    private final MessageCodec codec;
    private final OutOfFoldFiles outOfFoldFiles;
    private final Clock clock;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> store;
    /**
     * Working copies of the states of this task's unfinished searches, so an event does not
     * deserialize its whole search; the store stays the source of truth (every change is put).
     * Rebuilt on every init, which Kafka Streams calls again after a failed transaction.
     */
    private final Map<String, SearchState> working = new HashMap<>();
    /** Searches whose leaderboard changed only by what trials did since it was last published. */
    private final Set<String> progressed = new LinkedHashSet<>();
    /** Every write to the store, to be made again once quiet (a transaction Kafka dropped loses it). */
    private final QuietRewrites rewrites = new QuietRewrites();

    private final AggregatorMetrics metrics;

    /** Finished searches are deleted from the store this long after they ended. */
    private final Duration retainFinished;
    /** Every unfinished search's leaderboard is published this often, changed or not. */
    private final Duration heartbeat;

    TrackerProcessor(SearchTracker tracker, MessageCodec codec, Clock clock, AggregatorMetrics metrics,
                     Duration retainFinished) {
        this(tracker, codec, OutOfFoldFiles.NONE, clock, metrics, retainFinished, LeaderboardSnapshot.HEARTBEAT);
    }

    /**
     * @param outOfFoldFiles reads the out-of-fold predictions a completed trial sent through the blob store
     * @param heartbeat      how often each unfinished search's leaderboard is published though nothing changed
     */
    TrackerProcessor(SearchTracker tracker, MessageCodec codec, OutOfFoldFiles outOfFoldFiles, Clock clock,
                     AggregatorMetrics metrics, Duration retainFinished, Duration heartbeat) {
        this.retainFinished = retainFinished;
        this.heartbeat = heartbeat;
        this.tracker = tracker;
        this.codec = codec;
        this.outOfFoldFiles = outOfFoldFiles;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(AggregatorTopology.STORE);
        working.clear();
        progressed.clear();
        rewrites.clear();
        // Trials' progress (starts, epochs, ends) is published at most this often; the search's own changes at once.
        context.schedule(PROGRESS_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> publishProgress());
        // Inside the task, so a deletion commits with the offsets like any other change (exactly-once).
        context.schedule(SWEEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> forgetFinished());
        context.schedule(QuietRewrites.CHECK, PunctuationType.WALL_CLOCK_TIME, now -> rewriteQuiet());
        adoptUnfinished();
        context.schedule(heartbeat, PunctuationType.WALL_CLOCK_TIME, now -> heartbeat());
    }

    /**
     * Holds every unfinished search of the store in memory, so the heartbeat covers a search no
     * event has reached since this task started (a long epoch under way, trials waiting for a
     * worker); each is published on the next tick, as {@link #load} does. Kafka Streams inits a
     * processor once its stores are restored.
     */
    private void adoptUnfinished() {
        List<String> unfinished = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                if (!StateCodec.isTrialKey(entry.key)) {
                    SearchState search = StateCodec.readSearch(entry.value);
                    if (search.submitted() && !search.done()) {
                        unfinished.add(entry.key);
                    }
                }
            }
        }
        unfinished.forEach(searchId -> working.computeIfAbsent(searchId, this::load)); // with its trials
    }

    /**
     * Publishes the leaderboard of every unfinished search again, changed or not: a quiet search
     * (a long epoch, trials queued with no worker) still shows a reader that an aggregator answers,
     * and a reader that gets none for a while can say that none does ({@link LeaderboardSnapshot#HEARTBEAT}).
     */
    private void heartbeat() {
        for (SearchState state : working.values()) {
            if (!state.done()) {
                tracker.snapshot(state).ifPresent(snapshot -> forward(
                        new Output(Output.Destination.LEADERBOARD, state.searchId(), snapshot)));
            }
        }
    }

    /**
     * Writes the entries quiet for {@link QuietRewrites#QUIET} again, and publishes the leaderboard of
     * each search whose own entry that was: if the transaction of their last change was dropped, the
     * changelog and the {@code leaderboard} topic have it again ({@link QuietRewrites}).
     */
    private void rewriteQuiet() {
        List<String> keys = rewrites.rewriteQuiet(store, clock.millis());
        int searches = 0;
        for (String key : keys) {
            if (StateCodec.isTrialKey(key)) {
                continue;
            }
            SearchState state = working.containsKey(key) ? working.get(key)
                    : SearchStore.load(store, key).orElse(null);
            if (state != null) {
                searches++;
                tracker.snapshot(state).ifPresent(snapshot -> forward(
                        new Output(Output.Destination.LEADERBOARD, key, snapshot)));
            }
        }
        if (!keys.isEmpty()) {
            LOG.debug("{} store entries ({} searches) unchanged for {}: written again", keys.size(), searches,
                    QuietRewrites.QUIET);
        }
    }

    static final Duration SWEEP_INTERVAL = Duration.ofSeconds(10);

    /**
     * Deletes the searches that ended more than {@code retainFinished} ago, and their trials: the
     * store (and its changelog) then holds the searches that matter, not every search ever run. Their
     * last leaderboard stays on the compacted {@code leaderboard} topic and their model on {@code models}.
     */
    private void forgetFinished() {
        long cutoff = clock.millis() - retainFinished.toMillis();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                if (!StateCodec.isTrialKey(entry.key) && !working.containsKey(entry.key)) {
                    SearchState state = StateCodec.readSearch(entry.value);
                    if (state.done() && state.endedAt() > 0 && state.endedAt() <= cutoff) {
                        expired.add(entry.key);
                    }
                }
            }
        }
        for (String searchId : expired) {
            List<String> keys = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> trials = store.prefixScan(StateCodec.trialPrefix(searchId),
                    Serdes.String().serializer())) {
                trials.forEachRemaining(entry -> keys.add(entry.key));
            }
            keys.add(searchId);
            for (String key : keys) {
                store.delete(key);
                rewrites.written(key, clock.millis());
            }
            LOG.info("search {}: ended more than {} ago, forgotten ({} trial entries)", searchId, retainFinished,
                    keys.size() - 1);
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Message message;
        try {
            message = codec.decode(record.value(), Message.class);
            if (!(message instanceof SearchMessage) && !(message instanceof EventMessage)
                    && !(message instanceof SlotsGranted)) {
                throw new IllegalArgumentException("a " + message.getClass().getSimpleName()
                        + " does not belong on the searches, events or grants topic");
            }
        } catch (MessageDecodeException | IllegalArgumentException e) {
            deadLetter(record, e);
            return;
        }
        metrics.event(message.getClass().getSimpleName());
        if (message instanceof TrialCompleted completed && completed.outOfFoldFile() != null) {
            message = withPredictions(completed);
        }
        String searchId = message.key();
        SearchState state = working.computeIfAbsent(searchId, this::load);
        Applied applied = tracker.apply(state, message);
        if (applied.changed() || !state.submitted()) {
            // Saved even unchanged when the search has not arrived yet: its early events must
            // survive a restart or rebalance (working is rebuilt from the store).
            long now = clock.millis();
            SearchStore.save(store, state, message instanceof EventMessage event ? event.trialId() : null)
                    .forEach(key -> rewrites.written(key, now));
            if (applied.progress()) {
                progressed.add(searchId);
            }
            for (Output output : applied.outputs()) {
                if (output.destination() == Output.Destination.LEADERBOARD) {
                    progressed.remove(searchId);
                }
                forward(output);
            }
        }
        if (state.done()) {
            // Nothing more will happen to it: the store keeps it for late events and restarts,
            // memory does not (a long-lived aggregator would otherwise hold every search it saw).
            working.remove(searchId);
            progressed.remove(searchId);
        }
    }

    /**
     * A search read back from the store (after a restart, a rebalance or a failed transaction) has
     * its leaderboard published on the next tick: changes coalesced before the last commit may not
     * have been published before it (their mark was in memory only).
     */
    private SearchState load(String searchId) {
        SearchState state = SearchStore.load(store, searchId).orElseGet(() -> new SearchState(searchId));
        if (state.submitted() && !state.done()) {
            progressed.add(searchId);
        }
        return state;
    }

    /**
     * The event with its out-of-fold predictions read from the blob store and put inline, as the
     * state keeps them (the best trials' only, and in the changelog, so a restart needs no blob).
     * Predictions that cannot be read leave the trial completed but out of the ensemble.
     */
    private TrialCompleted withPredictions(TrialCompleted completed) {
        FileRef file = completed.outOfFoldFile();
        try {
            OutOfFold predictions = outOfFoldFiles.fetch(file);
            LOG.info("search {} trial {}: {} out-of-fold predictions read from the blob store ({} bytes)",
                    completed.searchId(), completed.trialId(), predictions.rows(), file.totalBytes());
            return completed.withOutOfFold(predictions);
        } catch (RuntimeException e) {
            LOG.warn("search {} trial {}: out-of-fold predictions {} ({}) could not be read, so the trial cannot join"
                    + " an ensemble: {}", completed.searchId(), completed.trialId(), file.displayName(), file.sha256(),
                    e.toString());
            return completed.withOutOfFold(null);
        }
    }

    /** How many searches this task holds in memory (for tests). */
    int searchesInMemory() {
        return working.size();
    }

    private void publishProgress() {
        for (String searchId : progressed) {
            SearchState state = working.get(searchId);
            if (state != null) {
                tracker.snapshot(state).ifPresent(snapshot -> forward(
                        new Output(Output.Destination.LEADERBOARD, searchId, snapshot)));
            }
        }
        progressed.clear();
    }

    private void forward(Output output) {
        if (output.message() instanceof dev.trialstream.core.message.LeaderboardSnapshot snapshot) {
            metrics.snapshot(snapshot);
        } else if (output.message() instanceof dev.trialstream.core.message.StopTrial stop) {
            SearchState state = working.get(stop.searchId());
            metrics.pruningDecision(stop.searchId(), state == null ? "unknown" : state.pruningPolicy());
        }
        context.forward(new Record<>(output.key(), codec.encode(output.message()), clock.millis()),
                AggregatorTopology.sinkFor(output.destination()));
        if (output.message() instanceof dev.trialstream.core.message.StopTrial) {
            // A stop: its trial trains on until the worker reads it, and exactly-once outputs are
            // only visible after the commit, so commit now rather than at the interval. Stops are
            // rare (at most one per trial); asking the same for every output cut the no-op
            // pipeline from ~500 to ~65 trials/s (a commit per record). Rung cutoffs wait for the
            // interval: a worker applies the latest it has, and the aggregator judges anyway.
            context.commit();
        }
    }

    private void deadLetter(Record<String, byte[]> record, Exception error) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        String topic = meta == null ? "unknown" : meta.topic();
        int partition = meta == null ? 0 : meta.partition();
        long offset = meta == null ? 0 : meta.offset();
        LOG.warn("{}-{}@{} is not a search or event message, sent to dead-letters: {}", topic, partition, offset,
                error.getMessage());
        metrics.deadLetter();
        DeadLetter letter = new DeadLetter(topic, partition, offset, record.key(),
                record.value() == null ? new byte[0] : record.value(), String.valueOf(error.getMessage()), clock.millis());
        context.forward(new Record<>(record.key(), codec.encode(letter), record.timestamp()),
                AggregatorTopology.DEAD_LETTERS);
    }
}
