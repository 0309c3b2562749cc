package dev.trialstream.launcher.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trialstream.aggregator.streams.AggregatorConfig;
import dev.trialstream.core.data.DataSpec;
import dev.trialstream.core.data.DatasetLoader;
import dev.trialstream.core.data.DatasetSource;
import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.spec.SearchSpec;
import dev.trialstream.core.spec.SpecOverrides;
import dev.trialstream.core.spec.StrategySpec;
import dev.trialstream.core.strategy.Strategies;
import dev.trialstream.core.strategy.Strategy;
import dev.trialstream.kafka.ClientConfigs;
import dev.trialstream.kafka.KafkaConnection;
import dev.trialstream.kafka.Topics;
import dev.trialstream.launcher.local.LocalPipeline;
import dev.trialstream.producer.cli.OptionChecks;
import dev.trialstream.producer.kafka.LeaderboardFollower;
import dev.trialstream.producer.kafka.SearchSubmitter;
import dev.trialstream.producer.kafka.SubmittedSearch;
import dev.trialstream.worker.kafka.PackBudget;
import dev.trialstream.worker.kafka.WorkerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Pipeline overhead with a no-op trainer, on the embedded broker: submits N trials, measures how
 * fast they flow through workers (one transaction per take of up to {@code --pack-size}) and the aggregator to a finished
 * leaderboard, and how long from submit to the first epoch report.
 */
@Command(name = "bench-pipeline", hidden = true, mixinStandardHelpOptions = true,
        description = "Benchmark: no-op trials per second through Kafka, and submit-to-first-epoch latency.")
public final class PipelineBenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec command;

    private int trials;

    @Option(names = "--trials", defaultValue = "2000", paramLabel = "N", description = "no-op trials (default ${DEFAULT-VALUE})")
    void trials(int value) {
        trials = OptionChecks.between(command, "--trials", value, 1, StrategySpec.MAX_TRIALS);
    }

    private int workers;

    @Option(names = "--workers", defaultValue = "4", paramLabel = "N", description = "worker slots (default ${DEFAULT-VALUE})")
    void workers(int value) {
        workers = OptionChecks.between(command, "--workers", value, 1, WorkerConfig.MAX_SLOTS);
    }

    private int packSize;

    @Option(names = "--pack-size", defaultValue = "64", paramLabel = "N",
            description = "the most trials a worker slot takes and commits at once; 1 = one transaction per trial "
                    + "(default ${DEFAULT-VALUE})")
    void packSize(int value) {
        packSize = OptionChecks.between(command, "--pack-size", value, 1, PackBudget.MAX_TRIALS);
    }

    private Integer parallelism;

    @Option(names = "--parallelism", paramLabel = "N",
            description = "the search's trials queued or running at once, and the fleet's slots (default: 2 x worker"
                    + " slots x --pack-size, at most " + SearchSpec.MAX_PARALLELISM + ", so every slot can take a full pack"
                    + " while the next one is queued)")
    void parallelism(int value) {
        parallelism = OptionChecks.between(command, "--parallelism", value, 1, SearchSpec.MAX_PARALLELISM);
    }

    /** Boston's default search drawn at random, unpruned, with one final network. */
    private static SearchSpec queuedAtOnce() {
        return SpecOverrides.none().withStrategy("random").withPruning("none").withFinalModels(1)
                .applyTo(SearchSpec.defaultFor("boston"));
    }

    @Override
    public Integer call() throws Exception {
        MessageCodec codec = new MessageCodec();
        // Fair sharing keeps at most this many trials of the search queued or running (the first
        // batch at submit, the rest granted as trials end). With the default parallelism (4) and
        // fleet (2 x slots), measured at 9.4 trials/s, every trial waited for a grant's round trip
        // through the aggregator and its scheduler, and no slot could ever take a pack.
        int inFlight = parallelism != null ? parallelism
                : (int) Math.min(SearchSpec.MAX_PARALLELISM, 2L * workers * packSize);
        SearchSpec spec = SpecOverrides.none().withTrials(trials).withEpochs(1).applyTo(queuedAtOnce())
                .withScheduling(java.util.OptionalInt.of(inFlight), queuedAtOnce().priority());
        Strategy strategy = Strategies.create(spec);
        DatasetSource source = new DatasetLoader().resolve(DataSpec.builtin("boston"));
        NoopTrainer trainer = new NoopTrainer();
        Map<String, Object> result = new LinkedHashMap<>();
        PackBudget pack = new PackBudget(packSize, PackBudget.DEFAULT.target());
        try (LocalPipeline pipeline = LocalPipeline.start("bench", workers, 10, trainer, Clock.systemUTC(),
                new SimpleMeterRegistry(), Math.max(2 * workers, inFlight), AggregatorConfig.DEFAULT_RETAIN_FINISHED, pack)) {
            String bootstrap = pipeline.bootstrapServers();
            Topics topics = pipeline.topics();
            // Warm-up: one small search so connections, caches and JIT are in place.
            submitAndWait(bootstrap, topics, codec, SpecOverrides.none().withTrials(workers).withEpochs(1)
                    .applyTo(queuedAtOnce()), source, "s-warm");
            trainer.epochNanos.clear();
            long submitted = System.nanoTime();
            SubmittedSearch search;
            try (KafkaProducer<String, byte[]> producer = SearchSubmitter.transactionalProducer(
                    KafkaConnection.of(bootstrap), topics)) {
                search = new SearchSubmitter(producer, topics, codec, Clock.systemUTC(), () -> "s-bench")
                        .submit(spec, strategy, source);
            }
            long published = System.nanoTime();
            LeaderboardSnapshot done = follow(bootstrap, topics, codec, search.searchId());
            long finished = System.nanoTime();
            long firstEpoch = trainer.epochNanos.stream().mapToLong(Long::longValue).min().orElseThrow();
            long lastEpoch = trainer.epochNanos.stream().mapToLong(Long::longValue).max().orElseThrow();
            result.put("trials", trials);
            result.put("worker_slots", workers);
            result.put("pack_size", packSize);
            result.put("parallelism", inFlight);
            result.put("completed", done.counts().completed());
            result.put("submit_seconds", round((published - submitted) / 1e9));
            result.put("submit_to_first_epoch_ms", round((firstEpoch - submitted) / 1e6));
            result.put("submit_to_done_seconds", round((finished - submitted) / 1e9));
            result.put("trials_per_second", round(trials / ((finished - submitted) / 1e9)));
            // The workers' own pace: trials trained per second between the first and last epoch report.
            result.put("worker_trials_per_second", round((trials - 1) / ((lastEpoch - firstEpoch) / 1e9)));
            result.put("aggregator_lag_seconds", round((finished - lastEpoch) / 1e9));
        }
        System.out.println(new ObjectMapper().writeValueAsString(result));
        return 0;
    }

    private static void submitAndWait(String bootstrap, Topics topics, MessageCodec codec, SearchSpec spec,
                                      DatasetSource source, String id) {
        try (KafkaProducer<String, byte[]> producer = SearchSubmitter.transactionalProducer(
                    KafkaConnection.of(bootstrap), topics)) {
            new SearchSubmitter(producer, topics, codec, Clock.systemUTC(), () -> id)
                    .submit(spec, Strategies.create(spec), source);
        }
        follow(bootstrap, topics, codec, id);
    }

    private static LeaderboardSnapshot follow(String bootstrap, Topics topics, MessageCodec codec, String id) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                ClientConfigs.consumer(bootstrap, "bench-follow", null))) {
            // A no-op search ends when every trial ended; the final fit is not part of the measure.
            return new LeaderboardFollower(consumer, codec, topics.leaderboard(), Duration.ofSeconds(30))
                    .follow(id, Duration.ofMinutes(30), s -> { },
                            s -> s.counts().requested() == 0 && s.counts().running() == 0);
        }
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

}
