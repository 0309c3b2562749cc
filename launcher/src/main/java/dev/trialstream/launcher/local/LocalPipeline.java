package dev.trialstream.launcher.local;

import dev.trialstream.aggregator.streams.AggregatorApp;
import dev.trialstream.aggregator.streams.AggregatorConfig;
import dev.trialstream.broker.EmbeddedKafka;
import dev.trialstream.core.training.Trainer;
import dev.trialstream.kafka.TopicBootstrap;
import dev.trialstream.kafka.TopicLayout;
import dev.trialstream.kafka.Topics;
import dev.trialstream.worker.kafka.PackBudget;
import dev.trialstream.worker.kafka.TrialWorker;
import dev.trialstream.worker.kafka.WorkerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The pipeline's servers in this JVM: an embedded single-node broker with the topics, the
 * aggregator and one worker. The aggregator keeps its state in a {@link LocalStateDirectory}, so
 * {@link #close()} (worker, aggregator, broker, state) leaves nothing behind.
 */
public final class LocalPipeline implements AutoCloseable {

    private final EmbeddedKafka kafka;
    private final Topics topics;
    private final AggregatorApp aggregator;
    private final TrialWorker worker;
    private final LocalStateDirectory state;
    /**
     * Deletes the broker's and the aggregator's files if the JVM ends before {@link #close()} (Ctrl-C
     * twice, a kill): they are scratch, and each run would otherwise leave megabytes behind.
     */
    private final Thread cleanUpAtExit;

    private LocalPipeline(EmbeddedKafka kafka, Topics topics, AggregatorApp aggregator, TrialWorker worker,
                          LocalStateDirectory state) {
        this.state = state;
        this.kafka = kafka;
        this.topics = topics;
        this.aggregator = aggregator;
        this.worker = worker;
        this.cleanUpAtExit = new Thread(() -> {
            kafka.deleteDirectoryAtExit();
            state.close();
        }, "local-clean-up-at-exit");
        Runtime.getRuntime().addShutdownHook(cleanUpAtExit);
    }

    /**
     * @param workerId the worker's id (and its consumer group's)
     * @param slots    worker slots (trials trained at once); the trials topic gets as many partitions (at least 2)
     * @param topN     leaderboard entries the aggregator keeps
     * @param registry where the aggregator's and the worker's meters go
     */
    public static LocalPipeline start(String workerId, int slots, int topN, Trainer trainer, Clock clock,
                                      MeterRegistry registry) {
        return start(workerId, slots, topN, trainer, clock, registry, PackBudget.DEFAULT);
    }

    /** As above, the worker taking trials by {@code pack}. */
    public static LocalPipeline start(String workerId, int slots, int topN, Trainer trainer, Clock clock,
                                      MeterRegistry registry, PackBudget pack) {
        return start(workerId, slots, topN, trainer, clock, registry, TRIALS_PER_SLOT * slots,
                AggregatorConfig.DEFAULT_RETAIN_FINISHED, pack);
    }

    /**
     * Trials a search of queued trials (random, grid, Hyperband) keeps in flight per slot, and so
     * the fleet's size: one running and three queued, so a slot that frees up starts its next
     * trial at once instead of waiting for the aggregator's grant to come round (trial end →
     * demand → grant → release, three exactly-once hops of up to a commit interval each, 120–260 ms
     * here), which is longer than a trial stopped at its first rung takes. Adaptive strategies keep
     * {@link #ADAPTIVE_TRIALS_PER_SLOT}: each of their trials is proposed from the ones that ended.
     */
    public static final int TRIALS_PER_SLOT = 4;

    /** An adaptive strategy's (TPE's) trials in flight per slot: one running, one queued. */
    public static final int ADAPTIVE_TRIALS_PER_SLOT = 2;

    /**
     * @param fleetSlots the slots the aggregator shares between searches: the most trials queued
     *                   or running at once
     * @param retainFinished how long the aggregator keeps a finished search in its store
     */
    public static LocalPipeline start(String workerId, int slots, int topN, Trainer trainer, Clock clock,
                                      MeterRegistry registry, int fleetSlots, Duration retainFinished) {
        return start(workerId, slots, topN, trainer, clock, registry, fleetSlots, retainFinished, PackBudget.DEFAULT);
    }

    /** As above, with the aggregator's fleet and retention, the worker taking trials by {@code pack}. */
    public static LocalPipeline start(String workerId, int slots, int topN, Trainer trainer, Clock clock,
                                      MeterRegistry registry, int fleetSlots, Duration retainFinished,
                                      PackBudget pack) {
        Topics topics = Topics.withDefaultPrefix();
        EmbeddedKafka kafka = EmbeddedKafka.start();
        AggregatorApp aggregator = null;
        LocalStateDirectory state = LocalStateDirectory.create(kafka.directory().resolve("aggregator"));
        try {
            String bootstrap = kafka.bootstrapServers();
            try (TopicBootstrap bootstrapper = new TopicBootstrap(bootstrap, topics,
                    new TopicLayout(1, Math.max(slots, 2), (short) 1), Duration.ofSeconds(30))) {
                bootstrapper.ensureTopics();
            }
            aggregator = new AggregatorApp(new AggregatorConfig(bootstrap, topics,
                    state.path(), topN, Duration.ofMinutes(2)).withFleetSlots(fleetSlots)
                    .withRetainFinished(retainFinished), clock, registry).start();
            TrialWorker worker = new TrialWorker(WorkerConfig.of(bootstrap, topics, workerId, slots).withPack(pack),
                    trainer, clock, registry).start();
            return new LocalPipeline(kafka, topics, aggregator, worker, state);
        } catch (RuntimeException | Error e) {
            // Close what did start; errors in closing are added to the one that stopped the start. Errors
            // too (ND4J's native libraries failing to load is one, in the worker's start): the broker's
            // threads would otherwise keep the JVM alive after main ends.
            try (state; kafka; AggregatorApp started = aggregator) {
                throw e;
            }
        }
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public Topics topics() {
        return topics;
    }

    /** Where the aggregator keeps its state store (RocksDB): for benchmarks that measure it. */
    public java.nio.file.Path aggregatorStateDirectory() {
        return state.path();
    }

    public AggregatorApp aggregator() {
        return aggregator;
    }

    public TrialWorker worker() {
        return worker;
    }

    /** Why this pipeline can no longer work, if it cannot: its aggregator or its worker stopped for good. */
    public Optional<String> failure() {
        return aggregator.failure().map(f -> "the aggregator cannot go on (" + f + ")")
                .or(() -> worker.failure().map(f -> "the worker cannot go on (" + f + ")"));
    }

    /** Ready: the aggregator is running and every worker slot is alive. */
    public boolean ready() {
        return aggregator.running() && worker.ready();
    }

    @Override
    public void close() {
        try (state; kafka; aggregator; worker) {
            // closed in reverse order: worker, aggregator, the broker and its directory, the state
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanUpAtExit);
            } catch (IllegalStateException e) {
                // the JVM is already exiting: the hook runs, and finds the files gone
            }
        }
    }
}
