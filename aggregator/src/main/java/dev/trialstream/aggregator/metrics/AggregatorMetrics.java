package dev.trialstream.aggregator.metrics;

import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.StatusCounts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The aggregator's meters. Per search (tag {@code search}; a search's meters are removed an hour
 * after it is done, or as soon as the aggregator forgets the search if it keeps finished searches
 * for less than that, so the series, and the snapshots they read, stay bounded):
 * <ul>
 *   <li>{@code trialstream.search.trials{state=queued|running|completed|pruned|failed}}</li>
 *   <li>{@code trialstream.search.best.cv.mse}, {@code trialstream.search.best.cv.mae} (of the
 *       same trial), {@code trialstream.search.done} (0/1)</li>
 *   <li>{@code trialstream.search.epochs{kind=trained|budget}}</li>
 *   <li>{@code trialstream.search.leaderboard.cv.mse{rank=1..5}}: the top of the leaderboard</li>
 *   <li>{@code trialstream.search.trial.silence.max}: seconds its running trial silent longest has gone
 *       without an epoch, as of its latest snapshot (a hung worker's trial keeps growing it)</li>
 *   <li>{@code trialstream.search.pruning.decisions{policy}}</li>
 * </ul>
 * and for the aggregator itself {@code trialstream.aggregator.events{type}} (rate = events per
 * second) and {@code trialstream.aggregator.dead.letters}.
 * The fleet's scheduler: {@code trialstream.fleet.slots{kind=capacity|in_flight}} and, per active
 * search, {@code trialstream.search.fleet.slots{search}} (trials queued or running: its share of the
 * fleet now; 0 once it left) and {@code trialstream.search.weight{search}}; removed an hour after it left.
 */
public final class AggregatorMetrics implements MeterBinder {

    /** Leaderboard ranks exported as gauges: a bounded label. */
    public static final int RANKS = 5;
    /** How long a done search's meters stay at most. */
    public static final Duration FORGET_AFTER = Duration.ofHours(1);
    private static final String EPOCHS = "epochs trained by the search's trials (all spent), of them those redone after"
            + " a lost attempt, and its budget (trials x maxEpochs)";

    private final Clock clock;
    private final long forgetAfterMillis;
    private final Map<String, Tracked> searches = new ConcurrentHashMap<>();
    private final Map<String, Counter> events = new ConcurrentHashMap<>();
    /** Pruning-decision counters by search, then policy. */
    private final Map<String, Map<String, Counter>> pruning = new ConcurrentHashMap<>();
    private MeterRegistry registry;
    private Counter deadLetters;
    private final java.util.concurrent.atomic.AtomicLong fleetCapacity = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong fleetInFlight = new java.util.concurrent.atomic.AtomicLong();
    private final Map<String, FleetShare> shares = new ConcurrentHashMap<>();

    /** Meters of a done search kept for {@link #FORGET_AFTER}. */
    public AggregatorMetrics(Clock clock) {
        this(clock, FORGET_AFTER);
    }

    /**
     * @param retainFinished how long the aggregator keeps a finished search (its store entry); a
     *                       done search's meters go then, or after {@link #FORGET_AFTER} if sooner
     */
    public AggregatorMetrics(Clock clock, Duration retainFinished) {
        this.clock = clock;
        this.forgetAfterMillis = Math.min(FORGET_AFTER.toMillis(), retainFinished.toMillis());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        deadLetters = Counter.builder("trialstream.aggregator.dead.letters")
                .description("records the aggregator could not decode").register(registry);
        String fleet = "the worker slots searches share (capacity), and the trials queued or running in them";
        Gauge.builder("trialstream.fleet.slots", fleetCapacity, AtomicLongValue.INSTANCE).tag("kind", "capacity")
                .description(fleet).register(registry);
        Gauge.builder("trialstream.fleet.slots", fleetInFlight, AtomicLongValue.INSTANCE).tag("kind", "in_flight")
                .description(fleet).register(registry);
    }

    /** The scheduler's view after it handed out slots: the fleet, and each active search's share. */
    public void fleet(dev.trialstream.aggregator.schedule.FleetScheduler scheduler) {
        fleetCapacity.set(scheduler.capacity());
        fleetInFlight.set(scheduler.inFlight());
        java.util.Set<String> active = new java.util.HashSet<>();
        for (dev.trialstream.aggregator.schedule.SearchShare share : scheduler.active()) {
            active.add(share.searchId());
            FleetShare tracked = shares.computeIfAbsent(share.searchId(), this::trackShare);
            tracked.slots = share.inFlight();
            tracked.weight = share.weight();
        }
        long now = clock.millis();
        for (var entry : new ArrayList<>(shares.entrySet())) {
            FleetShare share = entry.getValue();
            if (active.contains(entry.getKey())) {
                share.leftAt = -1;
            } else if (share.leftAt < 0) {
                // Left the fleet: it holds nothing now; the series stays (at 0) as long as the
                // search's other meters do, so a dashboard shows it leave.
                share.slots = 0;
                share.leftAt = now;
            } else if (now - share.leftAt > forgetAfterMillis) {
                share.meters.forEach(registry::remove);
                shares.remove(entry.getKey());
            }
        }
    }

    private FleetShare trackShare(String searchId) {
        FleetShare share = new FleetShare();
        share.meters.add(Gauge.builder("trialstream.search.fleet.slots", share, s -> s.slots).tag("search", searchId)
                .description("the search's trials queued or running: the slots of the fleet it holds now")
                .register(registry));
        share.meters.add(Gauge.builder("trialstream.search.weight", share, s -> s.weight).tag("search", searchId)
                .description("the search's priority weight: free slots are shared in proportion to it")
                .register(registry));
        return share;
    }

    /** One active search's share of the fleet, as the scheduler last saw it. */
    private static final class FleetShare {
        private volatile double slots;
        private volatile double weight;
        /** When it left the fleet (epoch millis), or -1 while it is in it. */
        private long leftAt = -1;
        private final List<Meter> meters = new ArrayList<>();
    }

    private enum AtomicLongValue implements ToDoubleFunction<java.util.concurrent.atomic.AtomicLong> {
        INSTANCE;

        @Override
        public double applyAsDouble(java.util.concurrent.atomic.AtomicLong value) {
            return value.get();
        }
    }

    public void event(String type) {
        events.computeIfAbsent(type, t -> Counter.builder("trialstream.aggregator.events").tag("type", t)
                .description("events processed, by message type").register(registry)).increment();
    }

    public void deadLetter() {
        deadLetters.increment();
    }

    /**
     * What the pruning counter counts: the stops sent, not the trials pruned. A trial can complete
     * before its stop reaches it (fast epochs), and a worker that applied a rung's cutoff itself has
     * already pruned the trial the stop names; the search's {@code pruned} trials are the count.
     */
    static final String PRUNING_DECISIONS = "StopTrial decisions the search's pruning policy sent (not the trials "
            + "pruned: a trial can end before its stop reaches it; trialstream_search_trials{state=\"pruned\"} "
            + "counts those)";

    public void pruningDecision(String searchId, String policy) {
        // Kept by search so they go with the search's other meters.
        pruning.computeIfAbsent(searchId, k -> new ConcurrentHashMap<>()).computeIfAbsent(policy, p ->
                Counter.builder("trialstream.search.pruning.decisions").tag("search", searchId).tag("policy", p)
                        .description(PRUNING_DECISIONS).register(registry)).increment();
    }

    /** The search's latest leaderboard: its gauges read from here. */
    public void snapshot(LeaderboardSnapshot snapshot) {
        searches.computeIfAbsent(snapshot.searchId(), this::track).latest = snapshot;
        forgetOldSearches();
    }

    private Tracked track(String searchId) {
        Tracked tracked = new Tracked();
        List<Meter> meters = tracked.meters;
        String trials = "the search's trials by state (queued = requested, not started yet)";
        meters.add(gauge("trialstream.search.trials", trials, searchId, tracked, t -> t.counts().requested(),
                "state", "queued"));
        meters.add(gauge("trialstream.search.trials", trials, searchId, tracked, t -> t.counts().running(),
                "state", "running"));
        meters.add(gauge("trialstream.search.trials", trials, searchId, tracked, t -> t.counts().completed(),
                "state", "completed"));
        meters.add(gauge("trialstream.search.trials", trials, searchId, tracked, t -> t.counts().pruned(),
                "state", "pruned"));
        meters.add(gauge("trialstream.search.trials", trials, searchId, tracked, t -> t.counts().failed(),
                "state", "failed"));
        meters.add(gauge("trialstream.search.best.cv.mse",
                "the best completed trial's mean CV MSE (NaN until a trial completes)", searchId, tracked,
                t -> t.latest.best().map(b -> b.cvMse()).orElse(Double.NaN)));
        meters.add(gauge("trialstream.search.best.cv.mae",
                "that trial's mean CV MAE, in the target's units (NaN until a trial completes)", searchId, tracked,
                t -> t.latest.best().map(b -> b.cv().mean().mae()).orElse(Double.NaN)));
        meters.add(gauge("trialstream.search.done",
                "1 once no more work will happen (final fit done or failed, or cancelled)", searchId, tracked,
                t -> t.latest.done() ? 1 : 0));
        meters.add(gauge("trialstream.search.epochs", EPOCHS, searchId, tracked, t -> t.latest.epochsTrained(),
                "kind", "trained"));
        meters.add(gauge("trialstream.search.epochs", EPOCHS, searchId, tracked, t -> t.latest.epochBudget(),
                "kind", "budget"));
        meters.add(gauge("trialstream.search.epochs", EPOCHS, searchId, tracked, t -> t.latest.epochsRedone(),
                "kind", "redone"));
        meters.add(gauge("trialstream.search.trial.silence.max",
                "seconds the search's running trial silent longest has gone without an epoch (since its start,"
                        + " before its first): a trial whose worker hung keeps growing it; 0 with none running",
                searchId, tracked, t -> t.latest.running().stream()
                        .mapToLong(r -> Math.max(0, t.latest.updatedAt() - r.lastMoveAt())).max().orElse(0) / 1000.0));
        for (int rank = 1; rank <= RANKS; rank++) {
            int index = rank - 1;
            meters.add(gauge("trialstream.search.leaderboard.cv.mse",
                    "mean CV MSE of the trial at this leaderboard rank (NaN while the rank is empty)", searchId,
                    tracked,
                    t -> t.latest.top().size() > index ? t.latest.top().get(index).cvMse() : Double.NaN,
                    "rank", Integer.toString(rank)));
        }
        return tracked;
    }

    private Gauge gauge(String name, String description, String searchId, Tracked tracked,
                        ToDoubleFunction<Tracked> value, String... tags) {
        return Gauge.builder(name, tracked, value).tag("search", searchId).tags(tags).description(description)
                .register(registry);
    }

    private void forgetOldSearches() {
        long now = clock.millis();
        for (var entry : new ArrayList<>(searches.entrySet())) {
            LeaderboardSnapshot latest = entry.getValue().latest;
            if (latest.done() && now - latest.updatedAt() > forgetAfterMillis) {
                entry.getValue().meters.forEach(registry::remove);
                Map<String, Counter> decisions = pruning.remove(entry.getKey());
                if (decisions != null) {
                    decisions.values().forEach(registry::remove);
                }
                searches.remove(entry.getKey());
            }
        }
    }

    /** One search's latest snapshot and the meters that read it. */
    private static final class Tracked {
        private volatile LeaderboardSnapshot latest;
        private final List<Meter> meters = new ArrayList<>();

        StatusCounts counts() {
            return latest.counts();
        }
    }
}
