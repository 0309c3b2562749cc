package dev.trialstream.worker.metrics;

import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * The worker's meters, bound once. Tags are low-cardinality: outcome, the search id (only the
 * searches this worker serves now: see {@link SearchMeters}), never a trial id.
 *
 * <ul>
 *   <li>{@code trialstream.worker.slots{state=busy|total}}</li>
 *   <li>{@code trialstream.worker.trials{search, outcome=started|completed|pruned|failed}}: removed when
 *       the search is cancelled, or after it was idle on this worker for {@link #SEARCH_IDLE}</li>
 *   <li>{@code trialstream.worker.trial.duration{outcome}}, {@code trialstream.worker.epoch.duration}</li>
 *   <li>{@code trialstream.worker.training.samples} (rate = samples per second)</li>
 *   <li>{@code trialstream.worker.dataset.cache{result=hit|miss}}, {@code trialstream.worker.dead.letters}</li>
 *   <li>{@code trialstream.worker.take.trials}: trials committed per transaction (a slot's take)</li>
 *   <li>the Kafka clients' own metrics ({@code kafka.consumer.*}, {@code kafka.producer.*})</li>
 *   <li>{@code trialstream.worker.final.fits{outcome}}, {@code trialstream.worker.backend.info{backend, device}} = 1</li>
 * </ul>
 */
public final class WorkerMetrics implements MeterBinder {

    /** How long a search's meters stay after its last trial here, unless it is known to be over. */
    public static final Duration SEARCH_IDLE = Duration.ofMinutes(10);

    private final IntSupplier busySlots;
    private final int totalSlots;
    private final String backend;
    private final String device;
    private final Duration searchIdle;
    private final Ticker ticker;
    private final Scheduler scheduler;
    private MeterRegistry registry;
    private SearchMeters searches;
    private Timer epochs;
    private Counter samples;
    private Counter deadLetters;
    private DistributionSummary takes;

    public WorkerMetrics(IntSupplier busySlots, int totalSlots, String backend, String device) {
        this(busySlots, totalSlots, backend, device, SEARCH_IDLE, Ticker.systemTicker(), Scheduler.systemScheduler());
    }

    /**
     * @param searchIdle how long an idle search's meters stay
     * @param ticker     the time idleness is measured in
     * @param scheduler  removes idle searches' meters on time ({@link Scheduler#disabledScheduler()}:
     *                   only when the meters are next used, or at {@link #expireIdleSearches()})
     */
    public WorkerMetrics(IntSupplier busySlots, int totalSlots, String backend, String device, Duration searchIdle,
                         Ticker ticker, Scheduler scheduler) {
        this.busySlots = busySlots;
        this.totalSlots = totalSlots;
        this.backend = backend;
        this.device = device;
        this.searchIdle = searchIdle;
        this.ticker = ticker;
        this.scheduler = scheduler;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        this.searches = new SearchMeters(registry, searchIdle, ticker, scheduler);
        Gauge.builder("trialstream.worker.slots", busySlots, IntSupplier::getAsInt).tag("state", "busy")
                .description("worker slots training a trial now").register(registry);
        Gauge.builder("trialstream.worker.slots", () -> totalSlots).tag("state", "total")
                .description("worker slots").register(registry);
        Gauge.builder("trialstream.worker.backend.info", () -> 1).tag("backend", backend).tag("device", device)
                .description("the ND4J backend and device this worker trains on").register(registry);
        epochs = Timer.builder("trialstream.worker.epoch.duration").description("one lockstep epoch of all folds")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(5)).register(registry);
        samples = Counter.builder("trialstream.worker.training.samples")
                .description("training rows seen (all folds, all epochs)").register(registry);
        deadLetters = Counter.builder("trialstream.worker.dead.letters")
                .description("records sent to dead-letters").register(registry);
        takes = DistributionSummary.builder("trialstream.worker.take.trials")
                .description("trials whose results committed in one transaction (a slot's take)")
                .register(registry);
    }

    /** Dataset cache hits and misses, read from the cache's own counts. */
    public <T> void datasetCache(T cache, java.util.function.ToDoubleFunction<T> hits,
                                 java.util.function.ToDoubleFunction<T> misses) {
        io.micrometer.core.instrument.FunctionCounter.builder("trialstream.worker.dataset.cache", cache, hits)
                .tag("result", "hit").description("dataset lookups served from the cache").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("trialstream.worker.dataset.cache", cache, misses)
                .tag("result", "miss").description("datasets fetched from Kafka").register(registry);
    }

    public void trialStarted(String searchId) {
        searches.trials(searchId, "started").increment();
    }

    /**
     * Keeps these searches' meters while a take trains their trials (close it when the take ends):
     * a search is idle only when no take of this worker holds it.
     */
    public Hold holding(java.util.Collection<String> searchIds) {
        return searches.hold(searchIds);
    }

    /** Ends a {@link #holding}; never throws. */
    public interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    /** The search is over (cancelled): its meters go now, or when the takes holding it end. */
    public void searchOver(String searchId) {
        searches.over(searchId);
    }

    /** Removes the meters of searches idle for longer than the idle time now (tests; the scheduler does it on time). */
    public void expireIdleSearches() {
        searches.expireIdle();
    }

    /** A trial ended: completed, pruned or failed. */
    public void trialEnded(String searchId, String outcome, Duration duration) {
        searches.trials(searchId, outcome).increment();
        Timer.builder("trialstream.worker.trial.duration").tag("outcome", outcome)
                .description("wall time of a trial on its slot").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofHours(2))
                .register(registry).record(duration);
    }

    /** One lockstep epoch of a pack (however many trials it holds). */
    public void epoch(Duration duration) {
        epochs.record(duration);
    }

    /** Training rows one trial saw in one epoch (all folds). */
    public void samples(long trainingRows) {
        samples.increment(trainingRows);
    }

    public void finalFit(String outcome) {
        Counter.builder("trialstream.worker.final.fits").tag("outcome", outcome)
                .description("final fits of a search's winner, by outcome").register(registry).increment();
    }

    /** A slot committed the results of {@code trials} trials in one transaction. */
    public void take(int trials) {
        takes.record(trials);
    }

    public void deadLetter() {
        deadLetters.increment();
    }
}
