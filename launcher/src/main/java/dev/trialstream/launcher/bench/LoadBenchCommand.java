package dev.trialstream.launcher.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trialstream.core.data.DataSpec;
import dev.trialstream.core.data.DatasetLoader;
import dev.trialstream.core.data.DatasetSource;
import dev.trialstream.core.message.EventMessage;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.TrialEnded;
import dev.trialstream.core.message.TrialRequested;
import dev.trialstream.core.message.TrialStarted;
import dev.trialstream.core.spec.Priority;
import dev.trialstream.core.spec.SearchSpec;
import dev.trialstream.core.spec.SpecOverrides;
import dev.trialstream.core.spec.StrategySpec;
import dev.trialstream.core.status.SearchStatus;
import dev.trialstream.kafka.ClientConfigs;
import dev.trialstream.kafka.KafkaConnection;
import dev.trialstream.kafka.PartitionScan;
import dev.trialstream.kafka.Topics;
import dev.trialstream.launcher.cli.AggregatorCommand;
import dev.trialstream.launcher.local.LocalPipeline;
import dev.trialstream.producer.cli.OptionChecks;
import dev.trialstream.worker.kafka.WorkerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Many searches, one fleet, on the embedded broker: submits waves of searches of no-op trials (each
 * lasting {@code --trial-ms}) a few seconds apart to one worker and one aggregator, and reports each
 * search's wait from submit to its first trial start, completion order against submit order and
 * priority, the aggregator's events per second, that every trial ended exactly once (from the
 * events topic), and after each round the JVM heap after a GC and the aggregator's state on disk.
 */
@Command(name = "bench-load", hidden = true, mixinStandardHelpOptions = true,
        description = "Benchmark: many searches of no-op trials sharing one fleet (fair share, priorities, soak).")
public final class LoadBenchCommand implements Callable<Integer> {

    /** The longest --trial-ms and --gap-ms, a day: longer is a typo, and would overflow the submit schedule. */
    private static final long MAX_MILLIS = 86_400_000L;
    /** The longest --retain-finished-s: the aggregator's own --retain-finished bound, in seconds. */
    private static final long MAX_RETAIN_SECONDS = 3600L * Integer.MAX_VALUE;

    @Spec
    private CommandSpec command;

    private int searches;

    @Option(names = "--searches", defaultValue = "20", paramLabel = "N", description = "searches per round (default ${DEFAULT-VALUE})")
    void searches(int value) {
        searches = OptionChecks.between(command, "--searches", value, 1, Integer.MAX_VALUE);
    }

    private int trials;

    @Option(names = "--trials", defaultValue = "200", paramLabel = "N", description = "trials per search (default ${DEFAULT-VALUE})")
    void trials(int value) {
        trials = OptionChecks.between(command, "--trials", value, 1, StrategySpec.MAX_TRIALS);
    }

    private long trialMillis;

    @Option(names = "--trial-ms", defaultValue = "500", paramLabel = "MS", description = "each no-op trial's duration (default ${DEFAULT-VALUE})")
    void trialMillis(long value) {
        trialMillis = OptionChecks.between(command, "--trial-ms", value, 0L, MAX_MILLIS);
    }

    private long gapMillis;

    @Option(names = "--gap-ms", defaultValue = "3000", paramLabel = "MS", description = "between two submits (default ${DEFAULT-VALUE})")
    void gapMillis(long value) {
        gapMillis = OptionChecks.between(command, "--gap-ms", value, 0L, MAX_MILLIS);
    }

    private int slots;

    @Option(names = "--slots", defaultValue = "8", paramLabel = "N", description = "worker slots (default ${DEFAULT-VALUE})")
    void slots(int value) {
        slots = OptionChecks.between(command, "--slots", value, 1, WorkerConfig.MAX_SLOTS);
    }

    private Integer fleetSlots;

    @Option(names = "--fleet-slots", paramLabel = "N", description = "slots the aggregator shares (default 2 x --slots)")
    void fleetSlots(int value) {
        fleetSlots = OptionChecks.between(command, "--fleet-slots", value, 1, AggregatorCommand.MAX_FLEET_SLOTS);
    }

    private int parallelism;

    @Option(names = "--parallelism", defaultValue = "4", paramLabel = "N", description = "each search's parallelism (default ${DEFAULT-VALUE})")
    void parallelism(int value) {
        parallelism = OptionChecks.between(command, "--parallelism", value, 1, SearchSpec.MAX_PARALLELISM);
    }

    private String priorities;
    private List<Priority> cycle;

    @Option(names = "--priorities", defaultValue = "normal", paramLabel = "LIST",
            description = "priorities given to the searches in turn, comma-separated (default ${DEFAULT-VALUE})")
    void priorities(String value) {
        cycle = OptionChecks.check(command, "--priorities",
                () -> Stream.of(value.split(",")).map(String::strip).map(Priority::parse).toList());
        priorities = value;
    }

    private int rounds;

    @Option(names = "--rounds", defaultValue = "1", paramLabel = "N", description = "waves of searches, one after the other (soak) (default ${DEFAULT-VALUE})")
    void rounds(int value) {
        rounds = OptionChecks.between(command, "--rounds", value, 1, Integer.MAX_VALUE);
    }

    private Double minutes;

    @Option(names = "--minutes", paramLabel = "M",
            description = "start no round after this many minutes (a soak's time budget; default no limit)")
    void minutes(double value) {
        minutes = OptionChecks.positive(command, "--minutes", value);
    }

    private long retainFinishedSeconds;

    @Option(names = "--retain-finished-s", defaultValue = "604800", paramLabel = "SECONDS",
            description = "how long the aggregator keeps a finished search in its store (default ${DEFAULT-VALUE})")
    void retainFinishedSeconds(long value) {
        retainFinishedSeconds = OptionChecks.between(command, "--retain-finished-s", value, 0L, MAX_RETAIN_SECONDS);
    }

    @Option(names = "--producer-per-submit",
            description = "start (and close) a transactional producer for each submit, as a one-off `trialstream submit` "
                    + "process does, instead of one submitter for the whole run")
    private boolean producerPerSubmit;

    private final MessageCodec codec = new MessageCodec();

    @Override
    public Integer call() throws Exception {
        int fleet = fleetSlots != null ? fleetSlots : 2 * slots;
        DatasetSource source = new DatasetLoader().resolve(DataSpec.builtin("boston"));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Map<String, Object> result = new LinkedHashMap<>();
        Map<String, Object> config = new LinkedHashMap<>(Map.of("searches_per_round", searches, "trials_per_search", trials,
                "trial_ms", trialMillis, "gap_ms", gapMillis, "worker_slots", slots, "fleet_slots", fleet,
                "parallelism", parallelism, "priorities", priorities, "rounds", rounds,
                "retain_finished_s", retainFinishedSeconds));
        config.put("minutes", minutes == null ? "no limit" : minutes);
        config.put("producer_per_submit", producerPerSubmit);
        result.put("config", config);
        List<Map<String, Object>> roundResults = new ArrayList<>();
        NoopTrainer trainer = new NoopTrainer(Duration.ofMillis(trialMillis));
        try (LocalPipeline pipeline = LocalPipeline.start("load", slots, 10, trainer,
                Clock.systemUTC(), registry, fleet, Duration.ofSeconds(retainFinishedSeconds));
             TimedSubmits submits = producerPerSubmit
                     ? TimedSubmits.producerPerSubmit(KafkaConnection.of(pipeline.bootstrapServers()), pipeline.topics())
                     : TimedSubmits.sharedProducer(KafkaConnection.of(pipeline.bootstrapServers()), pipeline.topics())) {
            // Before any round, so outside every figure: a long-lived client starts its producer once.
            config.put("shared_producer_start_ms", submits.sharedProducerStartMillis());
            roundResults.add(memory(pipeline, registry, "before", 0));
            long budgetEnd = minutes == null ? Long.MAX_VALUE : System.nanoTime() + (long) (minutes * 60e9);
            for (int round = 1; round <= rounds && System.nanoTime() < budgetEnd; round++) {
                // The trainer notes each trial's epoch time, which this bench does not read: dropped
                // each round, so a soak's heap does not grow with them (48 bytes a trial).
                trainer.epochNanos.clear();
                Map<String, Long> submittedAt = new LinkedHashMap<>();
                Map<String, Long> publishedAt = new HashMap<>();
                Map<String, Priority> priorityOf = new HashMap<>();
                Map<String, Map<String, Long>> phasesOf = new HashMap<>();
                long start = System.currentTimeMillis();
                double eventsBefore = events(registry);
                for (int i = 0; i < searches; i++) {
                    long due = start + i * gapMillis;
                    long sleep = due - System.currentTimeMillis();
                    if (sleep > 0) {
                        Thread.sleep(sleep);
                    }
                    Priority priority = cycle.get(i % cycle.size());
                    String id = String.format("s-r%02d-%03d", round, i);
                    submittedAt.put(id, System.currentTimeMillis());
                    priorityOf.put(id, priority);
                    phasesOf.put(id, submits.submit(id, spec(priority), source));
                    publishedAt.put(id, System.currentTimeMillis());
                }
                long deadline = System.nanoTime() + Duration.ofHours(2).toNanos();
                // Remembered once seen: a finished search leaves the aggregator's store after --retain-finished-s.
                java.util.Set<String> ended = new java.util.HashSet<>();
                while (ended.size() < submittedAt.size() && System.nanoTime() < deadline) {
                    submittedAt.keySet().stream().filter(id -> !ended.contains(id) && ended(pipeline, id))
                            .forEach(ended::add);
                    Thread.sleep(200);
                }
                long finished = System.currentTimeMillis();
                Map<String, Object> summary = analyse(pipeline, submittedAt, publishedAt, priorityOf, phasesOf);
                summary.put("round", round);
                summary.put("seconds", round((finished - start) / 1000.0));
                summary.put("aggregator_events_per_second",
                        round((events(registry) - eventsBefore) / ((finished - start) / 1000.0)));
                summary.putAll(memory(pipeline, registry, "after round " + round, round));
                roundResults.add(summary);
                System.err.println(new ObjectMapper().writeValueAsString(summary.get("summary")));
            }
        }
        result.put("rounds_run", roundResults.size() - 1);
        result.put("trials_run", (long) (roundResults.size() - 1) * searches * trials);
        result.put("rounds", roundResults);
        System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(result));
        return 0;
    }

    private SearchSpec spec(Priority priority) {
        SearchSpec base = SpecOverrides.none().withTrials(trials).withEpochs(1).withParallelism(parallelism)
                .withPriority(priority).applyTo(SpecOverrides.none().withStrategy("random").withPruning("none")
                        .withFinalModels(1).applyTo(SearchSpec.defaultFor("boston")));
        return new SearchSpec("load", base.data(), base.cv(), base.strategy(), base.training(), base.pruning(),
                base.parallelism(), base.space(), dev.trialstream.core.spec.EnsembleSpec.off(), base.priority());
    }

    /** Every trial ended (the final fit is not part of the measure). */
    private static boolean ended(LocalPipeline pipeline, String id) {
        return pipeline.aggregator().leaderboard(id).map(s -> s.status() != SearchStatus.RUNNING
                || s.counts().requested() == 0 && s.counts().running() == 0 && s.counts().completed() > 0).orElse(false);
    }

    private Map<String, Object> analyse(LocalPipeline pipeline, Map<String, Long> submittedAt,
                                        Map<String, Long> publishedAt, Map<String, Priority> priorityOf,
                                        Map<String, Map<String, Long>> phasesOf) {
        Map<String, List<EventMessage>> events = events(pipeline.bootstrapServers(), pipeline.topics(), submittedAt.keySet());
        List<Queued> queue = queue(pipeline.bootstrapServers(), pipeline.topics(), submittedAt.keySet());
        Map<String, Long> startOf = new HashMap<>();
        events.values().forEach(list -> list.stream().filter(TrialStarted.class::isInstance)
                .forEach(e -> startOf.merge(e.trialId(), e.at(), Math::min)));
        List<Map<String, Object>> rows = new ArrayList<>();
        long maxWait = 0;
        long duplicates = 0;
        long missing = 0;
        List<Long> waits = new ArrayList<>();
        List<Long> publishedWaits = new ArrayList<>();
        Map<String, Long> lastEnd = new HashMap<>();
        for (String id : submittedAt.keySet()) {
            List<EventMessage> mine = events.getOrDefault(id, List.of());
            long firstStart = mine.stream().filter(TrialStarted.class::isInstance).mapToLong(EventMessage::at).min()
                    .orElse(-1);
            Map<String, Integer> ends = new HashMap<>();
            mine.stream().filter(TrialEnded.class::isInstance).forEach(e -> ends.merge(e.trialId(), 1, Integer::sum));
            for (int i = 0; i < trials; i++) {
                int n = ends.getOrDefault(TrialRequested.idFor(id, i), 0);
                missing += n == 0 ? 1 : 0;
                duplicates += Math.max(0, n - 1);
            }
            long end = mine.stream().filter(TrialEnded.class::isInstance).mapToLong(EventMessage::at).max().orElse(-1);
            lastEnd.put(id, end);
            long wait = firstStart - submittedAt.get(id);
            waits.add(wait);
            maxWait = Math.max(maxWait, wait);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("search", id);
            row.put("priority", priorityOf.get(id).toString());
            row.put("first_trial_wait_ms", wait);
            row.put("first_trial_wait_after_published_ms", firstStart - publishedAt.get(id));
            row.put("submit_call_ms", phasesOf.get(id));
            publishedWaits.add(firstStart - publishedAt.get(id));
            row.put("done_after_submit_s", round((end - submittedAt.get(id)) / 1000.0));
            mine.stream().filter(TrialStarted.class::isInstance).min(java.util.Comparator.comparingLong(EventMessage::at))
                    .ifPresent(first -> row.putAll(aheadOf(first.trialId(), queue, startOf)));
            rows.add(row);
        }
        List<String> completion = new ArrayList<>(submittedAt.keySet());
        completion.sort(java.util.Comparator.comparingLong(lastEnd::get));
        rows.forEach(row -> row.put("completion_rank", completion.indexOf((String) row.get("search")) + 1));
        waits.sort(Long::compare);
        publishedWaits.sort(Long::compare);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("trials_ended_exactly_once", missing == 0 && duplicates == 0);
        summary.put("trials_missing", missing);
        summary.put("trials_ended_twice", duplicates);
        summary.put("first_trial_wait_ms_median", waits.get(waits.size() / 2));
        summary.put("first_trial_wait_ms_max", maxWait);
        summary.put("first_trial_wait_max_in_trial_durations", trialMillis == 0 ? null : round((double) maxWait / trialMillis));
        // From the moment submit returned (data uploaded, search and first batch committed).
        summary.put("first_trial_wait_after_published_ms_median", publishedWaits.get(publishedWaits.size() / 2));
        summary.put("first_trial_wait_after_published_ms_max", publishedWaits.get(publishedWaits.size() - 1));
        Map<String, Object> phases = new LinkedHashMap<>();
        phasesOf.values().iterator().next().keySet().forEach(phase -> {
            List<Long> ms = phasesOf.values().stream().map(p -> p.get(phase)).sorted().toList();
            Map<String, Long> spread = new LinkedHashMap<>();
            spread.put("median", ms.get(ms.size() / 2));
            spread.put("max", ms.get(ms.size() - 1));
            phases.put(phase, spread);
        });
        summary.put("submit_call_ms", phases);
        summary.put("completion_order", completion);
        Map<Integer, Long> perPartition = new java.util.TreeMap<>();
        queue.forEach(q -> perPartition.merge(q.partition(), 1L, Long::sum));
        summary.put("trials_per_partition", perPartition.values());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("summary", summary);
        out.put("searches", rows);
        return out;
    }

    /** A trial on {@code trials}: where it was queued and when it was published. */
    private record Queued(String trialId, int partition, long offset, long publishedAt) {
    }

    /**
     * What stood ahead of a trial on its partition when it was published: trials published
     * before it there and not yet started (queued), and those started but not ended (running).
     */
    private static Map<String, Object> aheadOf(String trialId, List<Queued> queue, Map<String, Long> startOf) {
        Queued mine = queue.stream().filter(q -> q.trialId().equals(trialId)).findFirst().orElse(null);
        Map<String, Object> out = new LinkedHashMap<>();
        if (mine == null) {
            return out;
        }
        long queued = queue.stream().filter(q -> q.partition() == mine.partition() && q.offset() < mine.offset()
                && startOf.getOrDefault(q.trialId(), Long.MAX_VALUE) > mine.publishedAt()).count();
        out.put("first_trial_partition", mine.partition());
        out.put("first_trial_queued_ahead", queued);
        out.put("first_trial_start_after_its_publication_ms", startOf.get(trialId) - mine.publishedAt());
        return out;
    }

    /** The trials of these searches on {@code trials}, with partition, offset and publication time. */
    private List<Queued> queue(String bootstrap, Topics topics, java.util.Set<String> ids) {
        List<Queued> queue = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(ClientConfigs.consumer(bootstrap, "bench-load", null))) {
            PartitionScan scan = new PartitionScan(consumer, Duration.ofMinutes(5));
            scan.scan(scan.partitions(topics.trials()), record -> {
                if (codec.decode(record.value(), dev.trialstream.core.message.Message.class) instanceof TrialRequested t
                        && ids.contains(t.searchId())) {
                    queue.add(new Queued(t.trialId(), record.partition(), record.offset(), t.requestedAt()));
                }
            });
        }
        return queue;
    }

    /** The committed events of these searches, read from the start of the topic. */
    private Map<String, List<EventMessage>> events(String bootstrap, Topics topics, java.util.Set<String> ids) {
        Map<String, List<EventMessage>> bySearch = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(ClientConfigs.consumer(bootstrap, "bench-load", null))) {
            PartitionScan scan = new PartitionScan(consumer, Duration.ofMinutes(5));
            scan.scan(scan.partitions(topics.events()), record -> {
                if (ids.contains(record.key())) {
                    EventMessage event = codec.decode(record.value(), EventMessage.class);
                    bySearch.computeIfAbsent(event.searchId(), k -> new ArrayList<>()).add(event);
                }
            });
        }
        return bySearch;
    }

    private static double events(SimpleMeterRegistry registry) {
        return registry.find("trialstream.aggregator.events").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    /** The JVM's heap after a GC (broker, aggregator and worker share it) and the aggregator's store on disk. */
    private static Map<String, Object> memory(LocalPipeline pipeline, SimpleMeterRegistry registry, String when, int round)
            throws IOException, InterruptedException {
        Thread.sleep(12_000); // one sweep of finished searches (every 10 s), and the final fits' events
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("when", when);
        memory.put("heap_used_mb_after_gc",
                round(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0));
        memory.put("aggregator_state_dir_mb", round(size(pipeline.aggregatorStateDirectory()) / 1048576.0));
        pipeline.aggregator().storeSizes().forEach((store, size) -> {
            memory.put(store + "_entries", size[0]);
            memory.put(store + "_mb", round(size[1] / 1048576.0));
        });
        memory.put("fleet_slots_in_flight", registry.find("trialstream.fleet.slots").tag("kind", "in_flight").gauge() == null
                ? null : registry.find("trialstream.fleet.slots").tag("kind", "in_flight").gauge().value());
        memory.put("searches_sharing_the_fleet", registry.find("trialstream.search.fleet.slots").gauges().size());
        return Map.of("memory", memory);
    }

    private static long size(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0; // a RocksDB file compacted away while walking
                }
            }).sum();
        }
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
