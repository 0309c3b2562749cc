package dev.trialstream.launcher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trialstream.aggregator.streams.AggregatorApp;
import dev.trialstream.core.status.SearchStatus;
import dev.trialstream.aggregator.streams.AggregatorConfig;
import dev.trialstream.core.bundle.ModelBundle;
import dev.trialstream.core.message.EnsembleSummary;
import dev.trialstream.core.data.CsvTableReader;
import dev.trialstream.core.data.DataSpec;
import dev.trialstream.core.data.DatasetLoader;
import dev.trialstream.core.data.DatasetSource;
import dev.trialstream.core.message.DeadLetter;
import dev.trialstream.core.message.EventMessage;
import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.TrialCompleted;
import dev.trialstream.core.message.TrialFailed;
import dev.trialstream.core.message.TrialPruned;
import dev.trialstream.core.spec.SearchSpec;
import dev.trialstream.core.spec.SpecOverrides;
import dev.trialstream.core.strategy.Strategies;
import dev.trialstream.core.testing.SyntheticData;
import dev.trialstream.kafka.ClientConfigs;
import dev.trialstream.kafka.KafkaConnection;
import dev.trialstream.kafka.TopicBootstrap;
import dev.trialstream.kafka.TopicLayout;
import dev.trialstream.kafka.TopicReader;
import dev.trialstream.kafka.Topics;
import dev.trialstream.producer.cli.PreparedSearch;
import dev.trialstream.producer.kafka.LeaderboardFollower;
import dev.trialstream.producer.kafka.ModelFetcher;
import dev.trialstream.producer.kafka.SearchSubmitter;
import dev.trialstream.producer.kafka.SubmittedSearch;
import dev.trialstream.worker.dl4j.Dl4jTrainer;
import dev.trialstream.worker.kafka.TrialWorker;
import dev.trialstream.worker.kafka.WorkerConfig;
import dev.trialstream.worker.training.BundlePredictor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The end-to-end scenario of the pipeline issue, against whatever broker it is given: a 6-trial
 * search through two separate workers and an aggregator, with a poison record on the trials
 * topic, one worker killed mid-trial and the aggregator restarted (with an empty state
 * directory) mid-search. It must end with exactly one result per trial and a usable model.
 */
final class PipelineScenario {

    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final int TRIALS = 6;

    private final String bootstrap;
    private final Path dir;
    private final Topics topics;
    private final MessageCodec codec = new MessageCodec();

    PipelineScenario(String bootstrap, Path dir, String prefix) {
        this.bootstrap = bootstrap;
        this.dir = dir;
        this.topics = new Topics(prefix);
    }

    void run() throws Exception {
        try (TopicBootstrap bootstrapper = new TopicBootstrap(bootstrap, topics, new TopicLayout(2, 4, (short) 1),
                Duration.ofSeconds(30))) {
            bootstrapper.ensureTopics();
        }
        PreparedSearch search = search();
        publishGarbage();

        AggregatorApp aggregator = aggregator("state-1");
        PacedTrainer doomedTrainer = new PacedTrainer(new Dl4jTrainer(), 60);
        TrialWorker doomed = worker("doomed", 1, doomedTrainer);
        TrialWorker survivor = worker("survivor", 2, new PacedTrainer(new Dl4jTrainer(), 20));
        try {
            SubmittedSearch submitted = submit(search);

            // Kill one worker while it is training (as kill -9 would: nothing more is committed).
            await().atMost(WAIT).until(() -> doomedTrainer.epochsReported() >= 2);
            doomed.halt();

            // Restart the aggregator mid-search, on a new, empty state directory.
            await().atMost(WAIT).until(() -> aggregator.leaderboard(submitted.searchId())
                    .map(s -> s.counts().completed() + s.counts().failed() >= 2).orElse(false));
            aggregator.close();
            AggregatorApp restarted = aggregator("state-2");
            try {
                LeaderboardSnapshot last;
                try (KafkaConsumer<String, byte[]> consumer = consumer("follow")) {
                    last = new LeaderboardFollower(consumer, codec, topics.leaderboard(), Duration.ofSeconds(30))
                            .follow(submitted.searchId(), WAIT, s -> { });
                }
                check(submitted, last);
            } finally {
                restarted.close();
            }
        } finally {
            survivor.close();
            doomed.close();
        }
    }

    private void check(SubmittedSearch submitted, LeaderboardSnapshot last) throws Exception {
        // Every trial of the budget: the first batch and those the aggregator released.
        List<String> trialIds = java.util.stream.IntStream.range(0, TRIALS)
                .mapToObj(i -> dev.trialstream.core.message.TrialRequested.idFor(submitted.searchId(), i)).toList();

        // Exactly one entry per trial, and every trial ended.
        List<String> listed = new ArrayList<>();
        last.top().forEach(e -> listed.add(e.trialId()));
        last.stopped().forEach(t -> listed.add(t.trialId()));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(trialIds);
        assertThat(last.counts().completed()).as("completed trials").isEqualTo(TRIALS);
        assertThat(last.status()).isEqualTo(SearchStatus.DONE);
        // The winner's CV RMSE, MAE and R² came from its worker with the terminal event.
        var best = last.best().orElseThrow();
        var cv = best.cv().mean();
        assertThat(best.cv().folds()).hasSize(best.cv().foldMse().size()).allSatisfy(fold -> assertThat(fold.n()).isPositive());
        // Two summation orders of the same fold MSEs: equal up to rounding.
        assertThat(cv.mse()).isCloseTo(best.cvMse(), org.assertj.core.api.Assertions.within(1e-12));
        assertThat(cv.mae()).isPositive().isLessThanOrEqualTo(cv.rmse());
        assertThat(cv.r2()).isLessThanOrEqualTo(1.0).isFinite();

        // Exactly one terminal event per trial in the events topic (read_committed).
        List<Message> events = readAll(topics.events());
        Map<String, Long> terminal = events.stream()
                .filter(m -> m instanceof TrialCompleted || m instanceof TrialPruned || m instanceof TrialFailed)
                .collect(Collectors.groupingBy(m -> ((EventMessage) m).trialId(), Collectors.counting()));
        assertThat(terminal).containsOnlyKeys(trialIds).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
        // The killed worker's trial was redone by the survivor.
        assertThat(events).filteredOn(m -> m instanceof TrialCompleted)
                .allSatisfy(m -> assertThat(((TrialCompleted) m).workerId()).isEqualTo("survivor"));

        // The garbage record was dead-lettered, not lost and not fatal.
        assertThat(readAll(topics.deadLetters())).singleElement().isInstanceOfSatisfying(DeadLetter.class,
                letter -> assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("not a trial"));

        // The winner's model (two networks averaged) is in Kafka, loads, and predicts the test split as the final fit scored it.
        ModelBundle bundle;
        try (KafkaConsumer<String, byte[]> consumer = consumer("model")) {
            bundle = new ModelFetcher(consumer, topics, codec, Duration.ofSeconds(30))
                    .bundle(submitted.searchId()).orElseThrow();
        }
        assertThat(bundle.info().trialId()).isEqualTo(last.best().orElseThrow().trialId());
        assertThat(bundle.info().test()).isEqualTo(last.finalTest());
        // The final model is the ensemble the leaderboard shows, selected on the trials' out-of-fold
        // predictions (kept across the aggregator's restart), each member with the spec's
        // training.finalModels networks.
        EnsembleSummary ensemble = last.ensemble();
        assertThat(ensemble).as("the leaderboard's ensemble").isNotNull();
        assertThat(ensemble.outOfFold().n()).isEqualTo(160);
        if (ensemble.members().size() > 1) {
            assertThat(bundle.info().members()).extracting(m -> m.trialId() + "=" + m.weight())
                    .containsExactlyElementsOf(ensemble.members().stream().map(m -> m.trialId() + "=" + m.weight())
                            .toList());
            assertThat(bundle.info().members()).allSatisfy(m -> assertThat(m.test().n()).isEqualTo(40));
        } else {
            assertThat(bundle.info().members()).isEmpty();
            assertThat(bundle.info().trialId()).isEqualTo(ensemble.members().get(0).trialId());
        }
        assertThat(bundle.models()).hasSize(2 * ensemble.members().size());
        var test = new CsvTableReader().read("test.csv", Files.readAllBytes(dir.resolve("test.csv")),
                bundle.info().preprocessing().columnRules());
        BundlePredictor predictor = new BundlePredictor(new Dl4jTrainer(), bundle);
        double[] predictions = predictor.predict(test);
        assertThat(predictor.score(test, predictions).orElseThrow().mse())
                .isCloseTo(last.finalTest().mse(), org.assertj.core.api.Assertions.within(1e-3));
    }

    private PreparedSearch search() throws Exception {
        String[] lines = SyntheticData.linearCsv(200, 3, 0.1, 5).split("\n");
        Files.writeString(dir.resolve("train.csv"), String.join("\n", java.util.Arrays.copyOfRange(lines, 0, 161)) + "\n");
        Files.writeString(dir.resolve("test.csv"),
                lines[0] + "\n" + String.join("\n", java.util.Arrays.copyOfRange(lines, 161, 201)) + "\n");
        DataSpec data = new DataSpec(null, dir.resolve("train.csv").toString(), SyntheticData.TARGET,
                dir.resolve("test.csv").toString(), 0, 0, List.of());
        SearchSpec defaults = SearchSpec.defaultFor("boston");
        SearchSpec spec = SpecOverrides.none().withTrials(TRIALS).withEpochs(12).withFinalModels(2).applyTo(new SearchSpec("e2e", data,
                defaults.cv(), defaults.strategy(), defaults.training(), defaults.pruning(), defaults.parallelism(),
                defaults.space()));
        DatasetLoader loader = new DatasetLoader(dir);
        DatasetSource source = loader.resolve(spec.data());
        return new PreparedSearch(spec, Strategies.create(spec), source, loader.parse(source));
    }

    private SubmittedSearch submit(PreparedSearch search) {
        try (KafkaProducer<String, byte[]> producer = SearchSubmitter.transactionalProducer(
                KafkaConnection.of(bootstrap), topics)) {
            return new SearchSubmitter(producer, topics, codec, Clock.systemUTC(), () -> "s-e2e")
                    .submit(search.spec(), search.strategy(), search.source());
        }
    }

    private void publishGarbage() {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(ClientConfigs.producer(bootstrap, "e2e"))) {
            producer.send(new ProducerRecord<>(topics.trials(), 0, "junk", "not a trial".getBytes(StandardCharsets.UTF_8)));
        }
    }

    private AggregatorApp aggregator(String stateDir) {
        return new AggregatorApp(new AggregatorConfig(bootstrap, topics, dir.resolve(stateDir), 20, WAIT),
                Clock.systemUTC()).start();
    }

    private TrialWorker worker(String id, int slots, PacedTrainer trainer) {
        return new TrialWorker(new WorkerConfig(bootstrap, topics, id, slots, Duration.ofMillis(50),
                Duration.ofSeconds(30), Duration.ofSeconds(30)), trainer, Clock.systemUTC()).start();
    }

    private KafkaConsumer<String, byte[]> consumer(String name) {
        return new KafkaConsumer<>(ClientConfigs.consumer(bootstrap, "e2e-" + name, null));
    }

    private List<Message> readAll(String topic) {
        return new TopicReader(bootstrap, codec).readAll(topic, WAIT);
    }
}
