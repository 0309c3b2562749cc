package dev.trialstream.aggregator.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpHandler;
import dev.trialstream.aggregator.http.SearchesHandler;
import dev.trialstream.aggregator.page.SearchPageData;
import dev.trialstream.aggregator.page.SearchPageHandler;
import dev.trialstream.aggregator.metrics.AggregatorMetrics;
import dev.trialstream.aggregator.metrics.HangingCheckMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.trialstream.aggregator.state.SearchTracker;
import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.FinalFitRequested;
import dev.trialstream.core.message.TrialMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import dev.trialstream.kafka.BoundedAdmin;
import dev.trialstream.kafka.ClientConfigs;
import dev.trialstream.kafka.HangingTransactions;
import dev.trialstream.kafka.Periodic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The aggregator process: the Kafka Streams app and its HTTP endpoint. The wiring point. */
public final class AggregatorApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AggregatorApp.class);
    /** How often to look for hanging transactions. */
    private static final Duration CHECK_HANGING_EVERY = Duration.ofSeconds(20);
    /**
     * A transaction open on a partition this long is hanging: Streams' producers time out after
     * 10 s, and the broker aborts a timed-out transaction within its 10 s check interval.
     */
    private static final Duration HANGING_AFTER = Duration.ofSeconds(30);
    /**
     * A worker's transaction open on a partition this long is hanging: twice the workers'
     * transaction timeout, after which their coordinator aborts it (within its 10 s check).
     */
    private static final Duration WORKER_HANGING_AFTER = ClientConfigs.TRANSACTION_TIMEOUT.multipliedBy(2);

    private final AggregatorConfig config;
    private final KafkaStreams streams;
    private final SearchTracker tracker;
    private final KafkaStreamsMetrics streamsMetrics;
    private final Admin admin;
    private final CatchUp catchUp;
    private final HangingTransactions hanging;
    private final LostTrialRequests lostRequests;
    /**
     * The trials partitions on which the check aborted a transaction of this app, from its first
     * offset: the requests it discarded are still to be sent again (when this app runs, as only then
     * its state says which searches wait). Used by the checker's thread only.
     */
    private final Map<TopicPartition, Long> discardedFrom = new HashMap<>();
    private final Periodic checker;
    private final StreamThreadFailures threadFailures;
    private volatile boolean caughtUp;
    private long lastHangingCheck = Long.MIN_VALUE / 2;
    /** The topics the last check was not allowed to look at: said once, when they change. */
    private Set<String> unreadable = Set.of();
    private final HangingCheckMetrics hangingMetrics = new HangingCheckMetrics();

    public AggregatorApp(AggregatorConfig config, Clock clock) {
        this(config, clock, new SimpleMeterRegistry());
    }

    /** An aggregator whose meters ({@link AggregatorMetrics}, Kafka Streams' own) go to {@code registry}. */
    public AggregatorApp(AggregatorConfig config, Clock clock, MeterRegistry registry) {
        this.config = config;
        this.threadFailures = new StreamThreadFailures(config.instanceId());
        this.tracker = new SearchTracker(clock, config.topN());
        AggregatorMetrics metrics = new AggregatorMetrics(clock, config.retainFinished());
        metrics.bindTo(registry);
        hangingMetrics.bindTo(registry);
        if (config.instanceId() != null && StableProcessId.seed(config.stateDir(), config.applicationId(),
                config.instanceId())) {
            LOG.info("aggregator {}: process id {} (from instance id {}) written to a new state dir",
                    config.applicationId(), StableProcessId.of(config.applicationId(), config.instanceId()),
                    config.instanceId());
        }
        // Before Streams opens a store: RocksDB's library from the state dir, not a new copy in /tmp per start.
        RocksDbLibrary.load(config.stateDir());
        MessageCodec codec = new MessageCodec();
        // Large out-of-fold predictions arrive through the blob store in `models`.
        OutOfFoldFiles outOfFoldFiles = new KafkaOutOfFoldFiles(config.kafka(), config.topics().models(),
                config.applicationId() + "-out-of-fold", codec, Duration.ofSeconds(30));
        this.streams = new KafkaStreams(AggregatorTopology.build(config.topics(), tracker, codec, outOfFoldFiles,
                clock, metrics, config.fleetSlots(), config.retainFinished(), config.heartbeat()), properties(config));
        this.streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        // With the connection's properties (security), like every other client of this process.
        this.admin = BoundedAdmin.create(config.kafka(), Duration.ofSeconds(5), config.applicationId() + "-catch-up");
        this.hanging = new HangingTransactions(admin, Map.of(config.applicationId() + "-", HANGING_AFTER,
                        ClientConfigs.workerTransactionalIdPrefix(config.topics()), WORKER_HANGING_AFTER),
                Duration.ofSeconds(10));
        this.lostRequests = new LostTrialRequests(config.kafka(), config.applicationId() + "-lost-requests", codec,
                Duration.ofSeconds(30));
        this.catchUp = new CatchUp(admin, config.applicationId(), () -> new KafkaConsumer<>(
                ClientConfigs.consumer(config.kafka(), config.applicationId() + "-catch-up", null)));
        this.checker = new Periodic("aggregator-catch-up");
        streams.setStateListener((now, before) -> {
            if (now != KafkaStreams.State.RUNNING) {
                caughtUp = false;
                catchUp.reset();
            }
        });
    }

    static Properties properties(AggregatorConfig config) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrap());
        // A search's state, its outputs and the input offsets commit together: nothing is lost or
        // applied twice across a crash (exactly-once, v2).
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
        // Global-store processing gets the same (default log-and-fail) exception handler as the
        // rest, as it will by default from Kafka 5.0; unset, Streams warns at every start.
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // Leaderboards appear within a tenth of a second instead of the 100 ms..30 s defaults; a
        // stop asks for its commit at once (TrackerProcessor#forward).
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 16L * 1024 * 1024);
        if (config.instanceId() != null) {
            // Static membership (Streams appends the thread index): a restarted aggregator takes
            // its tasks back at once instead of waiting out the dead member's session.
            props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), config.instanceId());
        }
        // An aggregator that dies and does not come back: its tasks move to another instance after
        // 10 s, not the 45 s default. The poll loop only applies small state updates, so a live
        // instance never misses this.
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 2_500);
        // Search states grow with trials × epochs; the changelog must take a large one.
        props.put(StreamsConfig.producerPrefix(org.apache.kafka.clients.producer.ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                16 * 1024 * 1024);
        props.put(StreamsConfig.topicPrefix(org.apache.kafka.common.config.TopicConfig.MAX_MESSAGE_BYTES_CONFIG),
                Integer.toString(16 * 1024 * 1024));
        // Security and tuning, as every other client gets them: Streams hands them to its consumers,
        // producers and admin client. None of them is a setting exactly-once rests on (KafkaConnection.RESERVED).
        props.putAll(config.kafka().properties());
        return props;
    }

    /** Starts the app and waits until it is running (state restored), then the endpoint. */
    public AggregatorApp start() {
        streams.setUncaughtExceptionHandler(threadFailures);
        streams.start();
        checker.start(this::checkCatchUp, Duration.ofMillis(250));
        long deadline = System.nanoTime() + config.startTimeout().toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            Optional<String> failed = failure();
            if (failed.isPresent()) {
                throw new IllegalStateException("aggregator could not start: " + failed.get());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("aggregator did not reach RUNNING within "
                        + config.startTimeout().toSeconds() + " s (state " + streams.state() + ")");
            }
            sleep(50);
        }
        LOG.info("aggregator {} running", config.applicationId());
        return this;
    }

    /**
     * Why this aggregator can no longer serve, if it cannot, so the process must be restarted
     * ({@code /health/live} fails, {@code aggregator} exits 1): a stream thread died of an Error,
     * or another aggregator took over its --instance-id, either of which stops Kafka Streams
     * ({@link StreamThreadFailures}); Kafka Streams is in its ERROR state
     * for any other reason; or its catch-up and hanging-transaction checks stopped (an Error: they
     * catch everything else), without which a restarted app would never be ready again and a
     * hanging transaction never aborted.
     */
    public Optional<String> failure() {
        Optional<String> thread = threadFailures.fatal().map(why -> why + "; Kafka Streams is " + streams.state());
        if (thread.isPresent()) {
            return thread;
        }
        if (streams.state() == KafkaStreams.State.ERROR) {
            return Optional.of("Kafka Streams is in its ERROR state");
        }
        return checker.failure().map(f -> "catch-up check stopped: " + f);
    }

    public boolean live() {
        return failure().isEmpty();
    }

    public boolean running() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    /**
     * Ready to serve: running, and the inputs applied up to where they ended when it started
     * running, so no leaderboard it serves is older than its restart. Until then it is restoring.
     */
    public boolean ready() {
        return running() && caughtUp;
    }

    /**
     * Every 20 s, running or not: looks for hanging transactions (see {@link HangingTransactions})
     * of this app and of the workers, on every partition of the topics under the prefix and on
     * {@code __consumer_offsets}, and aborts them.
     * <ul>
     * <li>Of this app: on the group's offsets one keeps the tasks from fetching their committed
     * offsets, so a restarting app would wait for ever; on an output ({@code leaderboard}, a
     * changelog) one pins the last stable offset, so read_committed readers see nothing newer while
     * the app runs on.</li>
     * <li>Of the workers (on {@code events}, {@code models}, {@code dead-letters} and their group's
     * offsets): on {@code events} one would keep this app (read_committed) from reading more of that
     * partition; on the workers' group offsets it would keep every slot of that partition from
     * fetching its committed offset.</li>
     * </ul>
     * Cheap when nothing hangs: one {@code describeProducers} over those partitions; the
     * coordinators are asked only about transactions open that long.
     */
    private void abortHangingTransactions() {
        long now = System.nanoTime();
        if (now - lastHangingCheck < CHECK_HANGING_EVERY.toNanos()) {
            return;
        }
        lastHangingCheck = now;
        try {
            // Only submit's producers write these: no transaction of this app's or the workers' is there.
            HangingTransactions.Check check = hanging.abortUnder(config.topics().prefix(),
                    Set.of(config.topics().searches(), config.topics().datasets()));
            sayUnreadable(check.unreadable());
            hangingMetrics.unreadable(check.unreadable().size());
            List<HangingTransactions.Open> aborted = check.aborted();
            hangingMetrics.aborted(aborted.size());
            if (!aborted.isEmpty()) {
                LOG.warn("aggregator {}: aborted {} hanging transaction(s): {}", config.applicationId(),
                        aborted.size(), aborted);
            }
            aborted.stream().filter(open -> open.partition().topic().equals(config.topics().trials()))
                    .forEach(open -> discardedFrom.merge(open.partition(), open.startOffset(), Math::min));
            resendDiscardedRequests();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("hanging-transaction check: {}", e.toString()); // the broker is away: checked again later
        }
    }

    /** Logs, when they change, the topics the check may not look at, and which ACL would let it. */
    private void sayUnreadable(Set<String> now) {
        if (now.equals(unreadable)) {
            return;
        }
        unreadable = now;
        if (now.isEmpty()) {
            LOG.info("aggregator {}: the hanging-transaction check reads every topic it checks again",
                    config.applicationId());
        } else {
            LOG.warn("aggregator {}: the hanging-transaction check is not allowed to read {} (it needs DESCRIBE and"
                            + " READ on them: see the optional ACLs under the README's table); a transaction left"
                            + " open there by a broker that dropped its markers will not be found",
                    config.applicationId(), new TreeSet<>(now));
        }
    }

    /**
     * An aborted transaction of this app on {@code trials} discarded the trials it released there
     * (or the final fit it asked for), which its state counts as queued: they are sent again
     * ({@link LostTrialRequests}), once this app runs; until then, and after a failure, at the next check.
     */
    private void resendDiscardedRequests() throws InterruptedException, ExecutionException, TimeoutException {
        if (discardedFrom.isEmpty() || !running()) {
            return;
        }
        for (Map.Entry<TopicPartition, Long> partition : List.copyOf(discardedFrom.entrySet())) {
            List<TrialMessage> resent = lostRequests.resend(partition.getKey(), partition.getValue(),
                    searchId -> leaderboard(searchId).map(board -> !board.status().ended()).orElse(false));
            discardedFrom.remove(partition.getKey());
            LOG.warn("aggregator {}: the abort on {} discarded {} request(s) of running searches; sent again: {}",
                    config.applicationId(), partition.getKey(), resent.size(),
                    resent.stream().map(r -> r instanceof FinalFitRequested ? "final fit of " + r.trialId()
                            : r.trialId()).toList());
        }
    }

    private void checkCatchUp() {
        abortHangingTransactions();
        if (caughtUp || !running()) {
            return;
        }
        try {
            Set<TopicPartition> owned = new HashSet<>();
            streams.metadataForLocalThreads().forEach(thread -> thread.activeTasks()
                    .forEach(task -> owned.addAll(task.topicPartitions())));
            if (running() && catchUp.reached(owned)) {
                caughtUp = true;
                LOG.info("aggregator {} caught up with its inputs: serving", config.applicationId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("catch-up check: {}", e.toString()); // the broker is away: checked again shortly
        }
    }

    /** Serves this aggregator's leaderboards at {@code /searches[/ID]}. */
    public SearchesHandler searchesHandler() {
        return new SearchesHandler(this::ready, this::leaderboards, this::leaderboard);
    }

    /**
     * Every route this aggregator serves: {@code /searches[/ID]} (leaderboards as JSON, the page for
     * browsers), {@code /} and {@code /api/searches[/ID]} (the search page and its data), {@code /assets/}.
     */
    public Map<String, HttpHandler> httpRoutes() {
        SearchesHandler searches = searchesHandler();
        SearchPageHandler page = new SearchPageHandler(this::searchPage, searches);
        return Map.of("/searches", searches.withPage(page), "/", page);
    }

    /** What the search page shows of one search ({@link SearchPageData}), from the state store. */
    public Optional<JsonNode> searchPage(String searchId) {
        return SearchStore.load(store(), searchId)
                .flatMap(state -> tracker.snapshot(state).map(snapshot -> SearchPageData.of(state, snapshot)));
    }

    /** The current leaderboard of one search, from the state store. */
    public Optional<LeaderboardSnapshot> leaderboard(String searchId) {
        return SearchStore.load(store(), searchId).flatMap(tracker::snapshot);
    }

    /** Every search's current leaderboard. */
    public List<LeaderboardSnapshot> leaderboards() {
        List<LeaderboardSnapshot> all = new ArrayList<>();
        SearchStore.all(store()).forEach(state -> tracker.snapshot(state).ifPresent(all::add));
        return all;
    }

    /**
     * Entries and value bytes in this instance's stores, by store name ({@code searches-state}, the
     * searches and their trials; {@code fleet-shares}, the scheduler's active searches; {@code fleet-workers},
     * the live workers' announced slots): for benchmarks.
     */
    public Map<String, long[]> storeSizes() {
        Map<String, long[]> sizes = new java.util.LinkedHashMap<>();
        for (String name : List.of(AggregatorTopology.STORE, AggregatorTopology.SCHEDULE_STORE,
                AggregatorTopology.FLEET_STORE)) {
            long entries = 0;
            long bytes = 0;
            try (var all = store(name).all()) {
                while (all.hasNext()) {
                    var entry = all.next();
                    entries++;
                    bytes += entry.key.length() + entry.value.length;
                }
            }
            sizes.put(name, new long[] {entries, bytes});
        }
        return sizes;
    }

    private ReadOnlyKeyValueStore<String, byte[]> store() {
        return store(AggregatorTopology.STORE);
    }

    private ReadOnlyKeyValueStore<String, byte[]> store(String name) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(name,
                    QueryableStoreTypes.keyValueStore()));
        } catch (InvalidStateStoreException e) {
            throw new IllegalStateException("the aggregator's store is not queryable now (state " + streams.state() + ")", e);
        }
    }

    @Override
    public void close() {
        // Leave the group now: otherwise a replacement waits out the session timeout (45 s) first.
        streams.close(org.apache.kafka.streams.CloseOptions.groupMembershipOperation(
                org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
        streamsMetrics.close();
        checker.close();
        catchUp.close();
        admin.close(Duration.ofSeconds(5));
        LOG.info("aggregator {} stopped", config.applicationId());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the aggregator", e);
        }
    }
}
