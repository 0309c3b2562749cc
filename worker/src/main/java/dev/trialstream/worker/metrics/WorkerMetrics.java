package dev.trialstream.worker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * The worker's meters, bound once. Tags are low-cardinality: outcome, the search id (bounded by
 * the searches a worker serves), never a trial id.
 *
 * <ul>
 *   <li>{@code trialstream.worker.slots{state=busy|total}}</li>
 *   <li>{@code trialstream.worker.trials{search, outcome=started|completed|pruned|failed}}</li>
 *   <li>{@code trialstream.worker.trial.duration{outcome}}, {@code trialstream.worker.epoch.duration}</li>
 *   <li>{@code trialstream.worker.training.samples} (rate = samples per second)</li>
 *   <li>{@code trialstream.worker.dataset.cache{result=hit|miss}}, {@code trialstream.worker.dead.letters}</li>
 *   <li>{@code trialstream.worker.take.trials}: trials committed per transaction (a slot's take)</li>
 *   <li>the Kafka clients' own metrics ({@code kafka.consumer.*}, {@code kafka.producer.*})</li>
 *   <li>{@code trialstream.worker.final.fits{outcome}}, {@code trialstream.worker.backend.info{backend, device}} = 1</li>
 * </ul>
 */
public final class WorkerMetrics implements MeterBinder {

    private final IntSupplier busySlots;
    private final int totalSlots;
    private final String backend;
    private final String device;
    private MeterRegistry registry;
    private Timer epochs;
    private Counter samples;
    private Counter deadLetters;
    private DistributionSummary takes;

    public WorkerMetrics(IntSupplier busySlots, int totalSlots, String backend, String device) {
        this.busySlots = busySlots;
        this.totalSlots = totalSlots;
        this.backend = backend;
        this.device = device;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
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
        trials(searchId, "started").increment();
    }

    /** A trial ended: completed, pruned or failed. */
    public void trialEnded(String searchId, String outcome, Duration duration) {
        trials(searchId, outcome).increment();
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

    private Counter trials(String searchId, String outcome) {
        return Counter.builder("trialstream.worker.trials").tag("search", searchId)
                .tag("outcome", outcome.toLowerCase(Locale.ROOT)).description("trials by search and outcome")
                .register(registry);
    }
}
