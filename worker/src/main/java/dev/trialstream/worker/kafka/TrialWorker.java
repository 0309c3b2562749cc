package dev.trialstream.worker.kafka;

import dev.trialstream.core.text.Plural;
import dev.trialstream.worker.trial.TrialExecution;
import dev.trialstream.worker.trial.StopSignals;
import dev.trialstream.worker.trial.DatasetCache;
import dev.trialstream.core.message.FileRef;
import dev.trialstream.core.message.MessageCodec;
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
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker process: N {@link TrialSlot}s in one consumer group on the trials topic, a control
 * listener, a shared producer for progress events and a dataset cache. This is the wiring
 * point: it builds the clients and threads and closes them.
 */
public final class TrialWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrialWorker.class);

    private final WorkerConfig config;
    private final Producer<String, byte[]> progress;
    private final ControlListener control;
    private final List<TrialSlot> slots = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final DatasetCache datasets;
    private final List<KafkaClientMetrics> clientMetrics = new ArrayList<>();
    private boolean closed;

    public TrialWorker(WorkerConfig config, Trainer trainer, Clock clock) {
        this(config, trainer, clock, new SimpleMeterRegistry());
    }

    /** A worker whose meters (see {@link WorkerMetrics}) go to {@code registry}. */
    public TrialWorker(WorkerConfig config, Trainer trainer, Clock clock, MeterRegistry registry) {
        this.config = config;
        String[] backend = (trainer.backend() + " unknown").split(" ");
        WorkerMetrics metrics = new WorkerMetrics(this::busySlots, config.slots(), backend[0], backend[1]);
        metrics.bindTo(registry);
        MessageCodec codec = new MessageCodec();
        KafkaConnection kafka = config.kafka();
        this.progress = new KafkaProducer<>(ClientConfigs.producer(kafka, config.workerId() + "-progress"));
        BlobStore blobs = new BlobStore(codec);
        this.datasets = new DatasetCache(files -> fetch(blobs, files), 4);
        metrics.datasetCache(datasets, DatasetCache::hits, DatasetCache::misses);
        clientMetrics.add(new KafkaClientMetrics(progress));
        StopSignals stops = new StopSignals();
        this.control = new ControlListener(new KafkaConsumer<>(ClientConfigs.consumer(kafka,
                config.workerId() + "-control", null)), config.topics(), codec, stops);
        TrialExecution execution = new TrialExecution(datasets, new CrossValidator(trainer),
                new FinalFitter(trainer, clock), stops,
                event -> progress.send(new ProducerRecord<>(config.topics().events(), event.searchId(),
                        codec.encode(event))),
                config.workerId(), clock, metrics);
        for (int i = 0; i < config.slots(); i++) {
            String name = config.workerId() + "/slot-" + i;
            ExecutorService training = Executors.newSingleThreadExecutor(r -> new Thread(r, name + "-training"));
            KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(slotConsumerConfig(name));
            // Its own client id: sharing the consumer's would register the same client meters twice.
            KafkaProducer<String, byte[]> producer = new KafkaProducer<>(ClientConfigs.transactionalProducer(kafka,
                    name + "-producer", config.topics().prefix() + "worker-" + config.workerId() + "-" + i));
            clientMetrics.add(new KafkaClientMetrics(consumer));
            clientMetrics.add(new KafkaClientMetrics(producer));
            slots.add(new TrialSlot(name, config.workerId(), consumer, producer, training, execution, config.topics(),
                    codec, clock, config.pollInterval(), config.handBackWait(), metrics));
        }
        clientMetrics.forEach(m -> m.bindTo(registry));
    }

    private Map<String, Object> slotConsumerConfig(String name) {
        Map<String, Object> consumer = ClientConfigs.consumer(config.kafka(), name, config.groupId());
        // One trial at a time per slot: never hold a fetched trial another idle slot could take.
        consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        // A new worker joining must not revoke the partitions of every busy slot (that aborts trials).
        consumer.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, List.of(CooperativeStickyAssignor.class));
        // A crashed worker's trial is redelivered after this long, not the 45 s default.
        consumer.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 15_000);
        consumer.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        return consumer;
    }

    /** A dataset's files, read with one consumer, closed again: a worker fetches a dataset rarely. */
    private List<byte[]> fetch(BlobStore blobs, List<FileRef> files) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                ClientConfigs.consumer(config.kafka(), config.workerId() + "-datasets", null))) {
            List<byte[]> bytes = new ArrayList<>();
            for (FileRef file : files) {
                bytes.add(blobs.fetch(consumer, config.topics().datasets(), file, config.fetchTimeout()));
            }
            return bytes;
        }
    }

    /** Starts the control listener and every slot. */
    public synchronized TrialWorker start() {
        threads.add(start(control, config.workerId() + "-control"));
        for (int i = 0; i < slots.size(); i++) {
            threads.add(start(slots.get(i), config.workerId() + "/slot-" + i));
        }
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

    /** Ready: every slot's thread is alive (polling or training). */
    public boolean ready() {
        return !closed && !threads.isEmpty() && threads.stream().allMatch(Thread::isAlive);
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
     * back uncommitted, so another worker redoes them; nothing is lost.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
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
