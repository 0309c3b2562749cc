package dev.trialstream.worker.kafka;

import dev.trialstream.core.text.Plural;
import dev.trialstream.worker.trial.TrialExecution;
import dev.trialstream.worker.trial.StopSignals;
import dev.trialstream.worker.trial.DatasetCache;
import dev.trialstream.core.message.EventMessage;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.TrialStarted;
import dev.trialstream.core.training.Trainer;
import dev.trialstream.kafka.BlobStore;
import dev.trialstream.kafka.ClientConfigs;
import dev.trialstream.kafka.KafkaConnection;
import dev.trialstream.worker.metrics.WorkerMetrics;
import dev.trialstream.worker.training.CrossValidator;
import dev.trialstream.worker.training.FinalFitter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker process: N {@link TrialSlot}s in one consumer group on the trials topic, a control
 * listener, a shared producer for progress events (and its slots' announcements, {@link FleetAnnouncer})
 * and a dataset cache. This is the wiring
 * point: it builds the clients and threads and closes them.
 */
public final class TrialWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrialWorker.class);
    /** How long a silent slot keeps its partitions before the group gives them to another. */
    public static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);
    /**
     * How often a slot's consumer heartbeats, which is also how soon a member holding partitions
     * learns that a rebalance wants some of them. A worker's slots join its group together, and the
     * first to join may get every partition (the embedded broker starts a group's first rebalance at
     * once); the others then wait for its next heartbeat. At a quarter of the session (1.5 s) one of
     * local's two slots started its first trial 1.7–1.9 s after the other in 21 of 62 runs of the
     * 64-trial search; at 300 ms, in none of 6 (README, The 64-trial search).
     */
    public static final Duration HEARTBEAT_INTERVAL = Duration.ofMillis(300);
    /** How soon a slot's consumer sees partitions added to trials (Kafka's default: 5 min). */
    static final Duration METADATA_MAX_AGE = Duration.ofSeconds(10);

    private final WorkerConfig config;
    private final Producer<String, byte[]> progress;
    private final ControlListener control;
    private final FleetAnnouncer announcer;
    private final List<TrialSlot> slots = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final DatasetCache datasets;
    /** The trials' starts until their ends commit; shared by the slots, filled from the progress producer. */
    private final StartReceipts starts = new StartReceipts();
    // Slot threads add to it when they replace a producer.
    private final List<KafkaClientMetrics> clientMetrics = new CopyOnWriteArrayList<>();
    private boolean closed;

    public TrialWorker(WorkerConfig config, Trainer trainer, Clock clock) {
        this(config, trainer, clock, new SimpleMeterRegistry());
    }

    /** A worker whose meters (see {@link WorkerMetrics}) go to {@code registry}. */
    public TrialWorker(WorkerConfig config, Trainer trainer, Clock clock, MeterRegistry registry) {
        this(config, trainer, clock, registry, UnaryOperator.identity());
    }

    /** For fault tests: {@code slotProducers} stands between each slot and its transactional producer. */
    TrialWorker(WorkerConfig config, Trainer trainer, Clock clock, MeterRegistry registry,
                UnaryOperator<Producer<String, byte[]>> slotProducers) {
        this(config, trainer, clock, registry, slotProducers, UnaryOperator.identity());
    }

    /** For fault tests: {@code progressProducer} stands between the worker and its plain progress producer too. */
    TrialWorker(WorkerConfig config, Trainer trainer, Clock clock, MeterRegistry registry,
                UnaryOperator<Producer<String, byte[]>> slotProducers,
                UnaryOperator<Producer<String, byte[]>> progressProducer) {
        this.config = config;
        String[] backend = (trainer.backend() + " unknown").split(" ");
        WorkerMetrics metrics = new WorkerMetrics(this::busySlots, config.slots(), backend[0], backend[1]);
        metrics.bindTo(registry);
        MessageCodec codec = new MessageCodec();
        KafkaConnection kafka = config.kafka();
        KafkaProducer<String, byte[]> realProgress =
                new KafkaProducer<>(ClientConfigs.producer(kafka, config.workerId() + "-progress"));
        this.progress = progressProducer.apply(realProgress);
        BlobStore blobs = new BlobStore(codec);
        this.datasets = new DatasetCache(new DatasetFetcher(kafka, config.topics().datasets(),
                config.workerId() + "-datasets", config.fetchTimeout(), blobs), 4);
        metrics.datasetCache(datasets, DatasetCache::hits, DatasetCache::misses);
        bind(new KafkaClientMetrics(realProgress), registry);
        this.announcer = new FleetAnnouncer(progress, config.topics().schedule(), codec, config.workerId(),
                () -> live() ? slots.size() : 0, config.announceEvery(), clock);
        StopSignals stops = new StopSignals();
        this.control = new ControlListener(new KafkaConsumer<>(ClientConfigs.consumer(kafka,
                config.workerId() + "-control", null)), config.topics(), codec, stops, metrics::searchOver);
        TrialExecution execution = new TrialExecution(datasets, new CrossValidator(trainer),
                new FinalFitter(trainer, clock), stops,
                event -> publishProgress(codec, event),
                config.workerId(), clock, metrics);
        StartCounting counting = new StartCounting();
        for (int i = 0; i < config.slots(); i++) {
            String name = config.workerId() + "/slot-" + i;
            ExecutorService training = Executors.newSingleThreadExecutor(r -> new Thread(r, name + "-training"));
            KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(slotConsumerConfig(name, i));
            bind(new KafkaClientMetrics(consumer), registry);
            // Its own client id: sharing the consumer's would register the same client meters twice.
            Map<String, Object> producerConfig = ClientConfigs.transactionalProducer(kafka, name + "-producer",
                    ClientConfigs.workerTransactionalId(config.topics(), config.workerId(), i));
            // Called again when a slot replaces a broken producer: the new one's meters are bound too.
            Supplier<Producer<String, byte[]>> producers = () -> {
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig);
                bind(new KafkaClientMetrics(producer), registry);
                return slotProducers.apply(producer);
            };
            slots.add(new TrialSlot(name, config.workerId(), consumer, producers, training, execution, starts, config.topics(),
                    codec, clock, config.pollInterval(), config.handBackWait(), config.pack(), metrics, counting));
        }
    }

    private void bind(KafkaClientMetrics meters, MeterRegistry registry) {
        meters.bindTo(registry);
        clientMetrics.add(meters);
    }

    /**
     * Progress is best effort: the terminal event, committed with the offset, is what counts. A
     * send that cannot even be queued (the broker was away before this producer learned the
     * topic's partitions) is dropped with a warning rather than failing the trial. A trial's start
     * is the exception: one not delivered by the time the trial ends goes again in the transaction
     * of its terminal event ({@link StartReceipts}).
     */
    private void publishProgress(MessageCodec codec, EventMessage event) {
        Future<?> delivery;
        try {
            delivery = progress.send(new ProducerRecord<>(config.topics().events(), event.searchId(), codec.encode(event)));
        } catch (KafkaException e) {
            LOG.warn("search {}: progress event {} dropped: {}", event.searchId(), event.getClass().getSimpleName(),
                    e.toString());
            delivery = CompletableFuture.failedFuture(e);
        }
        if (event instanceof TrialStarted start) {
            starts.sent(start, delivery);
        }
    }

    private Map<String, Object> slotConsumerConfig(String name, int slot) {
        Map<String, Object> consumer = ClientConfigs.consumer(config.kafka(), name, config.groupId());
        // Static membership: a slot restarted under the same worker id takes its partitions back at
        // once (no rebalance, no session timeout to wait out), so a killed and restarted worker
        // resumes its trials within seconds.
        consumer.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.workerId() + "-slot-" + slot);
        // A take is at most this many trials (the slot may take fewer and put the rest back). They
        // are from this slot's own partitions, which it pauses while it trains: no other slot could
        // have had them sooner.
        consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.pack().maxTrials());
        // A new worker joining must not revoke the partitions of every busy slot (that aborts trials),
        // nor be handed a contiguous run of partitions, where a search's lanes would crowd one slot
        // (InterleavedAssignor). The sticky one is second for a rolling upgrade from workers that know
        // only it: the group uses the first that every member has.
        consumer.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                List.of(InterleavedAssignor.class, CooperativeStickyAssignor.class));
        // A killed worker that does not come back: its trial moves to another slot after this long,
        // not the 45 s default. 6 s is the broker's default minimum. Safe for long trials: training
        // runs off the poll thread and the heartbeat thread is its own, so only a multi-second
        // stop-the-world pause could expire a live member (and then its trial is redone, never
        // duplicated: the commit is fenced).
        consumer.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) SESSION_TIMEOUT.toMillis());
        consumer.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) HEARTBEAT_INTERVAL.toMillis());
        // Partitions added to trials (topics --trial-partitions) are found within this long, not the
        // 5 min default: the submitter and the aggregator put trials on them at once, and till then
        // no slot owned them (a 5 min stall, seen 2026-12-06).
        consumer.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, (int) METADATA_MAX_AGE.toMillis());
        return consumer;
    }

    /** Starts the control listener and every slot. */
    public synchronized TrialWorker start() {
        threads.add(start(control, config.workerId() + "-control"));
        for (int i = 0; i < slots.size(); i++) {
            threads.add(start(slots.get(i), config.workerId() + "/slot-" + i));
        }
        announcer.start();
        LOG.info("worker {} started: {} on {} (group {})", config.workerId(), Plural.of(slots.size(), "slot"),
                config.topics().trials(), config.groupId());
        return this;
    }

    private static Thread start(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.start();
        return thread;
    }

    public String workerId() {
        return config.workerId();
    }

    /**
     * Live: no slot, no control listener and no fleet announcer has stopped for good. When false
     * the process can no longer work and must be restarted ({@code /health/live} fails, {@code worker}
     * exits 1).
     */
    public boolean live() {
        return failure().isEmpty();
    }

    /** Why this worker can no longer work, if it cannot. */
    public Optional<String> failure() {
        for (TrialSlot slot : slots) {
            if (slot.failure().isPresent()) {
                return slot.failure().map(f -> "slot stopped: " + f);
            }
        }
        return control.failure().map(f -> "control listener stopped: " + f)
                .or(() -> announcer.failure().map(f -> "fleet announcer stopped: " + f));
    }

    /** Ready: started, live, every thread running, and no slot waiting for an absent broker. */
    public boolean ready() {
        return !closed && live() && !threads.isEmpty() && threads.stream().allMatch(Thread::isAlive)
                && slots.stream().allMatch(TrialSlot::connected);
    }

    /** Slots training right now. */
    public int busySlots() {
        return (int) slots.stream().filter(TrialSlot::busy).count();
    }

    public int slots() {
        return slots.size();
    }

    public DatasetCache datasets() {
        return datasets;
    }

    /**
     * Graceful stop (SIGTERM): in-flight trials stop at their next epoch boundary and are handed
     * back uncommitted, so another worker redoes them; the trials of a take that had already ended
     * are committed first, so nothing is lost or trained twice.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Leaves the fleet first: the scheduler stops counting these slots while they hand back.
        announcer.close();
        slots.forEach(TrialSlot::stop);
        control.stop();
        join();
        progress.close();
        clientMetrics.forEach(KafkaClientMetrics::close);
        LOG.info("worker {} stopped", config.workerId());
    }

    /** As if the process were killed: nothing more is published or committed. For fault tests. */
    public synchronized void halt() {
        if (closed) {
            return;
        }
        closed = true;
        announcer.halt();
        slots.forEach(TrialSlot::halt);
        control.stop();
        progress.close(java.time.Duration.ZERO);
        join();
        clientMetrics.forEach(KafkaClientMetrics::close);
    }

    private void join() {
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
