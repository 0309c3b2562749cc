package dev.trialstream.launcher.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trialstream.core.bundle.ModelBundle;
import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.status.SearchStatus;
import dev.trialstream.core.training.Trainer;
import dev.trialstream.kafka.ClientConfigs;
import dev.trialstream.kafka.KafkaConnection;
import dev.trialstream.kafka.Topics;
import dev.trialstream.launcher.metrics.Observability;
import dev.trialstream.producer.cli.PreparedSearch;
import dev.trialstream.producer.kafka.LeaderboardFollower;
import dev.trialstream.producer.kafka.ModelFetcher;
import dev.trialstream.producer.kafka.SearchControls;
import dev.trialstream.producer.kafka.SearchSubmitter;
import dev.trialstream.producer.kafka.SubmittedSearch;
import dev.trialstream.worker.kafka.PackBudget;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Runs one search through the real pipeline in this JVM: an embedded single-node KRaft broker,
 * the aggregator (Kafka Streams), a worker with N slots, and the same submit path as the CLI.
 * Nothing is mocked: the only difference from a cluster is that everything shares one process.
 */
public final class LocalRun {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LocalRun.class);

    /**
     * @param workers   worker slots (trials trained at once)
     * @param modelOut  where to write the winner's bundle; null = models/SEARCH_ID.zip
     * @param httpPort  the aggregator's endpoint port; -1 = none
     * @param timeout   give up (and shut down) after this long
     * @param pack      how many trials a worker slot takes at once
     */
    public record Settings(int workers, Path modelOut, int httpPort, Duration timeout, PackBudget pack) {
        public Settings {
            if (workers < 1) {
                throw new IllegalArgumentException("--workers must be positive, found " + workers);
            }
            if (pack == null) {
                throw new IllegalArgumentException("pack must be set");
            }
        }

        /** With the worker's default {@link PackBudget}. */
        public Settings(int workers, Path modelOut, int httpPort, Duration timeout) {
            this(workers, modelOut, httpPort, timeout, PackBudget.DEFAULT);
        }
    }

    private final Trainer trainer;
    private final Clock clock;
    /** Where the running search can be cancelled: set once it is submitted, cleared when the run ends. */
    private final AtomicReference<Submitted> running = new AtomicReference<>();
    /** The running search's status, as its latest leaderboard says; null before the first and after the run. */
    private final AtomicReference<SearchStatus> status = new AtomicReference<>();

    /** The search this run submitted, and the embedded broker it went to. */
    private record Submitted(String searchId, String bootstrap, Topics topics) {
    }

    public LocalRun(Trainer trainer, Clock clock) {
        this.trainer = trainer;
        this.clock = clock;
    }

    public LocalResult run(PreparedSearch search, Settings settings, Consumer<LeaderboardSnapshot> progress) {
        return run(search, settings, progress, port -> { });
    }

    /**
     * As {@link #run(PreparedSearch, Settings, Consumer)}, telling {@code serving} the bound HTTP port
     * once {@code /metrics} is up (before the search is submitted), so that a caller who asked for
     * any free port (0) can scrape it. Not called when {@code settings.httpPort()} is -1.
     */
    public LocalResult run(PreparedSearch search, Settings settings, Consumer<LeaderboardSnapshot> progress,
                           IntConsumer serving) {
        long started = System.nanoTime();
        MessageCodec codec = new MessageCodec();
        int topN = Math.max(20, search.strategy().budget());
        Observability observability = new Observability("local");
        try {
            observability.bind(null, settings.httpPort()); // a port in use is said before the broker starts
        } catch (RuntimeException e) {
            observability.close();
            throw e;
        }
        try (observability;
             LocalPipeline pipeline = LocalPipeline.start("local", settings.workers(), topN, trainer, clock,
                     observability.registry(), settings.pack())) {
            String bootstrap = pipeline.bootstrapServers();
            Topics topics = pipeline.topics();
            observability.serve(settings.httpPort(), pipeline::ready, pipeline.aggregator().httpRoutes());
            if (observability.port() > 0) {
                LOG.info("search page at http://localhost:{}/, metrics at /metrics, leaderboards at /searches",
                        observability.port());
                serving.accept(observability.port());
            }
            SubmittedSearch submitted;
            try (KafkaProducer<String, byte[]> producer = SearchSubmitter.transactionalProducer(
                    KafkaConnection.of(bootstrap), topics)) {
                // A queued strategy's trials in flight unless its spec says; an adaptive one keeps its
                // own first batch (LocalPipeline.ADAPTIVE_TRIALS_PER_SLOT, set where it was created).
                submitted = new SearchSubmitter(producer, topics, codec, clock, SearchSubmitter.randomIds())
                        .submit(search.spec(), search.strategy(), LocalPipeline.TRIALS_PER_SLOT * settings.workers(), search.source());
            }
            running.set(new Submitted(submitted.searchId(), bootstrap, topics));
            LeaderboardSnapshot last;
            Optional<ModelBundle> bundle;
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                    ClientConfigs.consumer(bootstrap, "local-follow", null))) {
                last = new LeaderboardFollower(consumer, codec, topics.leaderboard(), Duration.ofSeconds(30),
                        pipeline::failure)
                        .follow(submitted.searchId(), settings.timeout(), snapshot -> {
                            status.set(snapshot.status());
                            progress.accept(snapshot);
                        });
                bundle = last.finalTest() == null ? Optional.empty()
                        : new ModelFetcher(consumer, topics, codec, Duration.ofSeconds(30)).bundle(submitted.searchId());
            }
            SavedBundle saved = bundle.map(b -> SavedBundle.save(b, settings.modelOut() != null ? settings.modelOut()
                    : Path.of("models", submitted.searchId() + ".zip"), submitted.searchId()))
                    .orElse(new SavedBundle(null, null));
            // The page as the search ended, while the aggregator still holds it (for --report).
            JsonNode page = pipeline.aggregator().searchPage(submitted.searchId()).orElse(null);
            return new LocalResult(last, saved.model(), saved.problem(), (System.nanoTime() - started) / 1e9,
                    trainer.backend(), page);
        } finally {
            running.set(null);
            status.set(null);
        }
    }

    /**
     * Whether the running search is in its final fit: every trial has ended, and neither
     * {@link #finish} nor {@link #stopNow} changes anything (they send nothing then). Safe from any thread.
     */
    public boolean inFinalFit() {
        return status.get() == SearchStatus.FINAL_FIT;
    }

    /**
     * Ends the running search gently but keeps what it finds (Ctrl-C's first press): no more of
     * its trials start, those already released train to their end, and the final model is fitted
     * on every trial that completed, as {@code trialstream cancel --finish} does; {@link #run} then
     * returns as for any search. Safe from any thread.
     *
     * @return the search's id, or empty when no search is running yet (or any more)
     */
    public Optional<String> finish(String reason) {
        return control((controls, searchId) -> controls.finish(searchId, reason));
    }

    /**
     * Ends the running search now but keeps what it found (Ctrl-C's second press): its running
     * trials stop, its queued ones are skipped, and the final model is fitted on the trials that
     * completed, as {@code trialstream cancel --final-fit} does. Safe from any thread.
     *
     * @return the search's id, or empty when no search is running yet (or any more)
     */
    public Optional<String> stopNow(String reason) {
        return control((controls, searchId) -> controls.cancel(searchId, reason, true));
    }

    private Optional<String> control(BiConsumer<SearchControls, String> ask) {
        Submitted search = running.get();
        if (search == null) {
            return Optional.empty();
        }
        if (inFinalFit()) {
            return Optional.of(search.searchId()); // nothing left that a cancel stops
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                ClientConfigs.producer(search.bootstrap(), "local-finish"))) {
            ask.accept(new SearchControls(producer, search.topics(), new MessageCodec(), clock), search.searchId());
        }
        return Optional.of(search.searchId());
    }
}
