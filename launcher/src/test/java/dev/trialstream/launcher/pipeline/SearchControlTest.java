package dev.trialstream.launcher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trialstream.aggregator.streams.AggregatorApp;
import dev.trialstream.core.status.TrialState;
import dev.trialstream.core.status.SearchStatus;
import dev.trialstream.aggregator.streams.AggregatorConfig;
import dev.trialstream.broker.EmbeddedKafkaExtension;
import dev.trialstream.core.bundle.BundleInfo;
import dev.trialstream.core.bundle.ModelBundle;
import dev.trialstream.core.data.DatasetLoader;
import dev.trialstream.core.data.DatasetSource;
import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.StoppedTrial;
import dev.trialstream.core.spec.SearchSpec;
import dev.trialstream.core.spec.SpecReader;
import dev.trialstream.core.strategy.Strategies;
import dev.trialstream.core.text.Figures;
import dev.trialstream.core.training.FinalFitJob;
import dev.trialstream.core.training.FittedModel;
import dev.trialstream.core.training.ForwardingTrainer;
import dev.trialstream.core.training.Trainer;
import dev.trialstream.kafka.ClientConfigs;
import dev.trialstream.kafka.KafkaConnection;
import dev.trialstream.kafka.TopicBootstrap;
import dev.trialstream.kafka.TopicLayout;
import dev.trialstream.kafka.Topics;
import dev.trialstream.launcher.cli.Cli;
import dev.trialstream.producer.kafka.LeaderboardFollower;
import dev.trialstream.producer.kafka.SearchControls;
import dev.trialstream.producer.kafka.SearchSubmitter;
import dev.trialstream.producer.kafka.SubmittedSearch;
import dev.trialstream.worker.dl4j.Dl4jTrainer;
import dev.trialstream.worker.kafka.TrialWorker;
import dev.trialstream.worker.kafka.WorkerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Early stopping and cancellation through the real pipeline (embedded broker). */
class SearchControlTest {

    private static final Duration WAIT = Duration.ofMinutes(3);
    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();
    private final MessageCodec codec = new MessageCodec();

    @TempDir
    Path dir;

    /**
     * {@link PrunableSearch}, run one trial at a time under the median rule: every useless trial
     * must be stopped early, every good one must complete.
     */
    @Test
    void shouldPruneHopelessTrialsAndCompleteGoodOnes() throws Exception {
        // One trials partition: the slot takes the trials in the order they were queued, so the
        // median rule sees the same history every run (on two, their order across partitions
        // depends on where the search's id starts its trials).
        Topics topics = topics("prune.", 1);
        SearchSpec spec = spec(PrunableSearch.yaml("pruning-test"));
        try (AggregatorApp aggregator = aggregator(topics, "agg");
             TrialWorker worker = worker(topics, "w", 1, 150)) {
            SubmittedSearch search = submit(topics, spec);
            LeaderboardSnapshot last = follow(topics, search.searchId());

            // The first batch (parallelism 4) at submit; the aggregator released the other two.
            assertThat(search.trials()).hasSize(4);
            assertThat(last.counts().completed()).isEqualTo(3);
            assertThat(last.counts().pruned()).isEqualTo(3);
            assertThat(last.top()).allSatisfy(e -> assertThat(e.params().learningRate()).isEqualTo(0.01));
            assertThat(last.stopped()).allSatisfy(t -> {
                assertThat(t.state()).isEqualTo(TrialState.PRUNED);
                assertThat(t.params().learningRate()).isEqualTo(1e-6);
                assertThat(t.epochs()).isLessThan(20);
                assertThat(t.reason()).startsWith("median rule, epoch ");
            });
            // Pruning saved epochs, and the leaderboard says how many.
            assertThat(last.epochsTrained()).isLessThan(last.epochBudget());
            assertThat(last.status()).isEqualTo(SearchStatus.DONE);
        }
    }

    @Test
    void shouldCancelRunningAndQueuedTrialsWithoutAFinalFit() throws Exception {
        Topics topics = topics("cancel.");
        SearchSpec spec = spec("""
                name: cancel-test
                data: {file: train.csv, target: y, testFraction: 0.2}
                strategy: {type: random, trials: 5}
                training: {maxEpochs: 200}
                space: {neurons: 64}
                """);
        try (AggregatorApp aggregator = aggregator(topics, "agg");
             TrialWorker worker = worker(topics, "w", 1, 100)) {
            SubmittedSearch search = submit(topics, spec);
            await().atMost(WAIT).until(() -> aggregator.leaderboard(search.searchId())
                    .map(s -> s.counts().running() == 1 && s.epochsTrained() >= 2).orElse(false));

            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                    ClientConfigs.producer(kafka.bootstrapServers(), "test"))) {
                new SearchControls(producer, topics, codec, Clock.systemUTC()).cancel(search.searchId(), "enough", false);
            }
            LeaderboardSnapshot last = follow(topics, search.searchId());

            assertThat(last.status()).isEqualTo(SearchStatus.CANCELLED);
            assertThat(last.finalTest()).isNull();
            // Only the first batch (parallelism 4) was ever queued: the fifth trial is never released.
            assertThat(search.trials()).hasSize(4);
            assertThat(last.counts().pruned()).isEqualTo(4);
            assertThat(last.counts().requested()).isZero();
            assertThat(last.stopped()).extracting(StoppedTrial::trialId)
                    .containsExactlyInAnyOrderElementsOf(search.trials().stream().map(t -> t.trialId()).toList());
            // The running trial stopped at an epoch boundary; the queued ones never trained.
            assertThat(last.stopped()).filteredOn(t -> t.epochs() > 0).singleElement()
                    .satisfies(t -> assertThat(t.reason()).isEqualTo("search cancelled: enough"));
            assertThat(last.stopped()).filteredOn(t -> t.epochs() == 0).hasSize(3)
                    .allSatisfy(t -> assertThat(t.reason()).isEqualTo(
                            "search cancelled before this trial started: enough"));
            // No trial completed: nothing to fit a model on.
            Cli refit = refit("cancel.", search.searchId());
            assertThat(refit.exitCode()).isEqualTo(2);
            assertThat(refit.err()).contains(search.searchId() + " was cancelled before any of its trials completed"
                    + " (4 pruned, 0 failed): there is nothing to fit a model on");
        }
    }

    /**
     * {@code trialstream cancel --final-fit}: the search ends at once (the running trial stopped,
     * the queued ones skipped, nothing more released) and its final model is fitted on the trials
     * that completed, so what it found is kept; {@code trialstream export} writes that model and
     * names its winner and scores as the leaderboard prints them.
     */
    @Test
    void shouldCancelWithAFinalFitOnTheTrialsThatCompleted() throws Exception {
        Ended ended = endWhileOneCompletedAndOneRunning("cancelfit.", (aggregator, id) -> { }, "--final-fit");
        LeaderboardSnapshot last = ended.last();

        assertThat(ended.cancel().out()).contains("the final model will be fitted on the trials that completed");
        assertThat(last.status()).isEqualTo(SearchStatus.DONE);
        assertThat(last.finalTest()).isNotNull();
        assertThat(last.counts().completed()).isBetween(1, 3);
        assertThat(last.counts().total()).isLessThan(8);
        assertThat(last.stopped()).isNotEmpty().allSatisfy(t -> assertThat(t.reason()).contains("enough found"));
        assertThat(last.top()).extracting(e -> e.trialId()).contains(last.best().orElseThrow().trialId());

        Path model = dir.resolve("exported/model.zip");
        Cli export = Cli.run("export", ended.searchId(), "--out", model.toString(),
                "--bootstrap", kafka.bootstrapServers(), "--topic-prefix", "cancelfit.");

        assertThat(export.exitCode()).as(export.err()).isZero();
        BundleInfo info = ModelBundle.fromBytes(model.toString(), Files.readAllBytes(model)).info();
        String best = "trial " + last.best().orElseThrow().trialId() + ", cv_mse "
                + Figures.number(last.best().orElseThrow().cvMse(), 4);
        // An ensemble's test MAE is not its best trial's: the line says whose it is.
        assertThat(export.out()).startsWith(ended.searchId() + ": "
                + (info.members().size() < 2 ? best : "ensemble of " + info.members().size() + " trials (best " + best
                + ")") + ", test mae " + Figures.number(last.finalTest().mae(), 4) + " -> " + model + " (");
        assertThat(info.test().mae()).isEqualTo(last.finalTest().mae());
    }

    /**
     * {@code trialstream refit} of a search cancelled without a model: the trials it completed are
     * not lost, it gets its final fit on them after all and ends done.
     */
    @Test
    void shouldFitTheTrialsThatCompletedOnRefitAfterAPlainCancel() throws Exception {
        AtomicReference<Cli> refitted = new AtomicReference<>();
        Ended ended = endWhileOneCompletedAndOneRunning("cancelrefit.", (aggregator, id) -> {
            awaitPublishedStatus("cancelrefit.", id, SearchStatus.CANCELLED);
            refitted.set(refit("cancelrefit.", id));
            assertThat(refitted.get().exitCode()).as(refitted.get().err()).isZero();
            await().atMost(WAIT).until(() -> aggregator.leaderboard(id)
                    .map(s -> s.status() == SearchStatus.DONE).orElse(false));
        });
        LeaderboardSnapshot done = ended.aggregator();

        assertThat(ended.last().status()).isEqualTo(SearchStatus.CANCELLED);
        assertThat(refitted.get().out()).contains(ended.searchId() + ": refit sent (it was cancelled): its final model will"
                + " be fitted on the trials that completed (best " + ended.last().best().orElseThrow().trialId() + ")");
        assertThat(done.finalTest()).isNotNull();
        assertThat(done.best()).isEqualTo(ended.last().best());
    }

    /**
     * {@code trialstream cancel --finish}: no trial starts after it, the running one is not stopped
     * but completes, and the final model is fitted on every trial that completed.
     */
    @Test
    void shouldFinishWithTheRunningTrialsCompletedAndAFinalFit() throws Exception {
        Ended ended = endWhileOneCompletedAndOneRunning("finish.", (aggregator, id) -> { }, "--finish");
        LeaderboardSnapshot last = ended.last();

        assertThat(ended.cancel().out()).contains("finish sent (enough found); no more of its trials start");
        assertThat(last.status()).isEqualTo(SearchStatus.DONE);
        assertThat(last.finalTest()).isNotNull();
        assertThat(last.counts().total()).isBetween(2, 7);
        assertThat(last.stopped()).as("trials stopped or skipped").isEmpty();
        assertThat(last.counts().completed()).isEqualTo(last.counts().total());
    }

    /**
     * A search ended by {@code trialstream cancel}: its id, what the command printed, its last
     * leaderboard, and the aggregator's after what was done {@link Afterwards}.
     */
    private record Ended(String searchId, Cli cancel, LeaderboardSnapshot last, LeaderboardSnapshot aggregator) {
    }

    /** What a test does with a search once it ended, while its aggregator and worker still run. */
    @FunctionalInterface
    private interface Afterwards {
        void run(AggregatorApp aggregator, String searchId) throws Exception;
    }

    /**
     * Runs a random search of 8 trials × 20 epochs on one slot and, once one trial has completed
     * and one runs, {@code trialstream cancel ID FLAGS --reason "enough found"}; follows it to its
     * end, then runs {@code afterwards}.
     */
    private Ended endWhileOneCompletedAndOneRunning(String prefix, Afterwards afterwards, String... flags)
            throws Exception {
        Topics topics = topics(prefix);
        SearchSpec spec = spec("""
                name: end-test
                data: {file: train.csv, target: y, testFraction: 0.2}
                strategy: {type: random, trials: 8}
                training: {maxEpochs: 20}
                space: {neurons: 64}
                """);
        try (AggregatorApp aggregator = aggregator(topics, "agg");
             TrialWorker worker = worker(topics, "w", 1, 100)) {
            SubmittedSearch search = submit(topics, spec);
            await().atMost(WAIT).until(() -> aggregator.leaderboard(search.searchId())
                    .map(s -> s.counts().completed() >= 1 && s.counts().running() == 1).orElse(false));

            List<String> args = new ArrayList<>(List.of("cancel", search.searchId()));
            args.addAll(List.of(flags));
            args.addAll(List.of("--reason", "enough found", "--bootstrap", kafka.bootstrapServers(), "--topic-prefix",
                    prefix));
            Cli cancel = Cli.run(args.toArray(String[]::new));
            LeaderboardSnapshot last = follow(topics, search.searchId());

            assertThat(cancel.exitCode()).as(cancel.err()).isZero();
            afterwards.run(aggregator, search.searchId());
            return new Ended(search.searchId(), cancel, last, aggregator.leaderboard(search.searchId()).orElseThrow());
        }
    }

    /**
     * {@code trialstream refit}: a search whose final fit failed (the worker's first final fit
     * throws) is fitted again and ends done with its model; a done search and an unknown one are
     * answered without a refit.
     */
    @Test
    void shouldFitAgainOnRefitAfterTheFinalFitFailed() throws Exception {
        Topics topics = topics("refit.");
        SearchSpec spec = spec("""
                name: refit-test
                data: {file: train.csv, target: y, testFraction: 0.2}
                strategy: {type: random, trials: 2}
                training: {maxEpochs: 5}
                space: {neurons: 64}
                """);
        FailFirstFinalFit trainer = new FailFirstFinalFit(new Dl4jTrainer());
        try (AggregatorApp aggregator = aggregator(topics, "agg");
             TrialWorker worker = new TrialWorker(new WorkerConfig(kafka.bootstrapServers(), topics, "w", 1,
                     Duration.ofMillis(50), Duration.ofSeconds(30), Duration.ofSeconds(30)), trainer,
                     Clock.systemUTC()).start()) {
            SubmittedSearch search = submit(topics, spec);
            String id = search.searchId();
            // The CLI reads the leaderboard topic, which the aggregator's next commit brings up to date.
            awaitPublishedStatus("refit.", id, SearchStatus.FINAL_FIT_FAILED);
            assertThat(trainer.finalFits()).isEqualTo(1);

            Cli refit = refit("refit.", id);

            assertThat(refit.exitCode()).as(refit.err()).isZero();
            assertThat(refit.out()).contains(id + ": refit sent (it was final-fit-failed)");
            await().atMost(WAIT).until(() -> aggregator.leaderboard(id)
                    .map(s -> s.status() == SearchStatus.DONE).orElse(false));
            LeaderboardSnapshot done = aggregator.leaderboard(id).orElseThrow();
            assertThat(done.finalTest()).isNotNull();
            assertThat(trainer.finalFits()).isEqualTo(2);

            awaitPublishedStatus("refit.", id, SearchStatus.DONE);
            Cli again = refit("refit.", id);
            assertThat(again.exitCode()).isZero();
            assertThat(again.out()).contains(id + " is already done (its model is on refit.models); nothing to refit");
            Cli unknown = refit("refit.", "s-00000000");
            assertThat(unknown.exitCode()).isNotZero();
            assertThat(unknown.err()).contains("no search s-00000000 in refit.leaderboard");
            assertThat(trainer.finalFits()).isEqualTo(2);
        }
    }

    /** {@code trialstream refit SEARCH_ID} against the embedded broker's topics with this prefix. */
    private Cli refit(String prefix, String searchId) {
        return Cli.run("refit", searchId, "--bootstrap", kafka.bootstrapServers(), "--topic-prefix", prefix);
    }

    /** Waits until the search's latest leaderboard on the topic (what the CLI reads) has this status. */
    private void awaitPublishedStatus(String prefix, String searchId, SearchStatus status) {
        await().atMost(WAIT).until(() -> Cli.run("leaderboard", searchId, "--json", "--bootstrap",
                kafka.bootstrapServers(), "--topic-prefix", prefix).out()
                .matches("(?s).*\"status\"\\s*:\\s*\"" + status.wireName() + "\".*"));
    }

    /** The real trainer, whose first final fit fails (as one that ran out of memory would). */
    private static final class FailFirstFinalFit extends ForwardingTrainer {

        private final AtomicInteger finalFits = new AtomicInteger();

        FailFirstFinalFit(Trainer delegate) {
            super(delegate);
        }

        int finalFits() {
            return finalFits.get();
        }

        @Override
        public FittedModel finalFit(FinalFitJob job) {
            if (finalFits.incrementAndGet() == 1) {
                throw new IllegalStateException("out of memory (the test's first final fit)");
            }
            return delegate.finalFit(job);
        }
    }

    /**
     * A TPE search: the submitter queues only the first batch (parallelism 2); every later trial
     * is proposed by the aggregator from the finished ones, until exactly the budget has run.
     */
    @Test
    void shouldRunAnAdaptiveSearchToExactlyItsBudget() throws Exception {
        Topics topics = topics("tpe.");
        SearchSpec spec = spec("""
                name: tpe-test
                data: {file: train.csv, target: y, testFraction: 0.2}
                strategy: {type: tpe, trials: 8, startup: 3}
                parallelism: 2
                training: {maxEpochs: 5}
                space:
                  neurons: [8, 16, 32]
                  learningRate: {logUniform: {min: 0.0001, max: 0.1}}
                """);
        try (AggregatorApp aggregator = aggregator(topics, "agg");
             TrialWorker worker = worker(topics, "w", 2, 1)) {
            SubmittedSearch search = submit(topics, spec);
            LeaderboardSnapshot last = follow(topics, search.searchId());

            assertThat(search.trials()).hasSize(2);
            assertThat(last.status()).isEqualTo(SearchStatus.DONE);
            assertThat(last.counts().completed() + last.counts().pruned() + last.counts().failed()).isEqualTo(8);
            List<String> trialIds = new ArrayList<>();
            last.top().forEach(e -> trialIds.add(e.trialId()));
            last.stopped().forEach(t -> trialIds.add(t.trialId()));
            assertThat(trialIds).containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, 8)
                    .mapToObj(i -> dev.trialstream.core.message.TrialRequested.idFor(search.searchId(), i)).toList());
        }
    }

    private Topics topics(String prefix) {
        return topics(prefix, 2);
    }

    private Topics topics(String prefix, int trialPartitions) {
        Topics topics = new Topics(prefix);
        try (TopicBootstrap bootstrap = new TopicBootstrap(kafka.bootstrapServers(), topics,
                new TopicLayout(1, trialPartitions, (short) 1), Duration.ofSeconds(30))) {
            bootstrap.ensureTopics();
        }
        return topics;
    }

    private SearchSpec spec(String yaml) throws Exception {
        PrunableSearch.writeData(dir);
        return new SpecReader().read("spec.yaml", yaml, dir);
    }

    private SubmittedSearch submit(Topics topics, SearchSpec spec) {
        DatasetLoader loader = new DatasetLoader(dir);
        DatasetSource source = loader.resolve(spec.data());
        try (KafkaProducer<String, byte[]> producer = SearchSubmitter.transactionalProducer(
                KafkaConnection.of(kafka.bootstrapServers()), topics)) {
            return new SearchSubmitter(producer, topics, codec, Clock.systemUTC(), SearchSubmitter.randomIds())
                    .submit(spec, Strategies.create(spec), source);
        }
    }

    private AggregatorApp aggregator(Topics topics, String stateDir) {
        return new AggregatorApp(new AggregatorConfig(kafka.bootstrapServers(), topics, dir.resolve(stateDir), 20,
                WAIT), Clock.systemUTC()).start();
    }

    private TrialWorker worker(Topics topics, String id, int slots, long epochMillis) {
        return new TrialWorker(new WorkerConfig(kafka.bootstrapServers(), topics, id, slots, Duration.ofMillis(50),
                Duration.ofSeconds(30), Duration.ofSeconds(30)), new PacedTrainer(new Dl4jTrainer(), epochMillis),
                Clock.systemUTC()).start();
    }

    private LeaderboardSnapshot follow(Topics topics, String searchId) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                ClientConfigs.consumer(kafka.bootstrapServers(), "test-follow", null))) {
            return new LeaderboardFollower(consumer, codec, topics.leaderboard(), Duration.ofSeconds(30)).follow(searchId, WAIT, s -> { });
        }
    }
}
