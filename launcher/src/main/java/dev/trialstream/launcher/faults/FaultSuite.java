package dev.trialstream.launcher.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trialstream.aggregator.streams.QuietRewrites;
import dev.trialstream.core.message.EpochReported;
import dev.trialstream.core.message.EventMessage;
import dev.trialstream.core.message.FinalFitCompleted;
import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.StatusCounts;
import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.TrialCompleted;
import dev.trialstream.core.message.TrialEnded;
import dev.trialstream.core.message.TrialFailed;
import dev.trialstream.core.message.TrialPruned;
import dev.trialstream.core.message.TrialStarted;
import dev.trialstream.core.status.SearchStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import dev.trialstream.worker.kafka.TrialWorker;

/**
 * The faults, one after another, each while trials run, each with its recovery time; then the
 * checks: every trial of every search ended exactly once (events and leaderboards), the models
 * export and {@code predict} reproduces their test scores, every surviving process is ready.
 * Each fault gets a search of its own, submitted just before it, so that trials are in flight.
 */
final class FaultSuite {

    /**
     * @param shortOutage the first broker outage (kill -9, restart after this long)
     * @param longOutage  the second one
     * @param trials      trials per search
     * @param epochs      epochs per trial: a trial (2×256, batch 16, ~15 ms of training an epoch on
     *                    these cores) must outlast the time from its first epoch report to the fault
     * @param checkEveryModel export and predict every search's model, not only the last one
     * @param faults          the faults to inject, in {@link Fault} order
     */
    record Settings(Duration shortOutage, Duration longOutage, int trials, int epochs, boolean checkEveryModel,
                    Set<Fault> faults) {

        Settings {
            if (faults == null || faults.isEmpty()) {
                throw new IllegalArgumentException("at least one fault must be chosen");
            }
            faults = Set.copyOf(faults);
        }

        /** Every fault. */
        Settings(Duration shortOutage, Duration longOutage, int trials, int epochs, boolean checkEveryModel) {
            this(shortOutage, longOutage, trials, epochs, checkEveryModel, EnumSet.allOf(Fault.class));
        }
    }

    /** The faults the suite injects, in this order, each with its command-line name. */
    enum Fault {
        WORKER_KILL("worker-kill"),
        WORKER_RESTART("worker-restart"),
        WORKER_TERM("worker-term"),
        AGGREGATOR_SAME("aggregator-same"),
        AGGREGATOR_EMPTY("aggregator-empty"),
        BROKER_SHORT("broker-short"),
        BROKER_LONG("broker-long"),
        BROKER_ROLLING("broker-rolling"),
        BROKER_AT_START("broker-at-start");

        final String cliName;

        Fault(String cliName) {
            this.cliName = cliName;
        }

        static Fault named(String name) {
            for (Fault fault : values()) {
                if (fault.cliName.equals(name)) {
                    return fault;
                }
            }
            throw new IllegalArgumentException("no fault named \"" + name + "\"; the faults are "
                    + java.util.Arrays.stream(values()).map(f -> f.cliName).toList());
        }
    }

    /** One fault: how long until the system did again what the fault interrupted. */
    record Recovery(String fault, double seconds, String until, String note) {
    }

    private static final Duration WAIT = Duration.ofMinutes(3);
    /** Longer than a final fit of these searches takes here, even on a loaded CI machine (seconds). */
    private static final Duration FINAL_FIT_PATIENCE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MessageCodec codec = new MessageCodec();

    private final Cluster cluster;
    private final Settings settings;
    private final PrintStream out;
    private final List<Recovery> recoveries = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final List<String> searches = new ArrayList<>();
    private final Set<String> refitted = new LinkedHashSet<>();
    private final Path testCsv;
    private final ClusterQueries queries;
    private EventLog<EventLog.Seen> events;

    FaultSuite(Cluster cluster, Settings settings, PrintStream out) throws IOException {
        this.cluster = cluster;
        this.settings = settings;
        this.out = out;
        this.testCsv = cluster.dir().resolve("boston_test.csv");
        this.queries = new ClusterQueries(cluster.bootstrap());
        try (InputStream in = FaultSuite.class.getResourceAsStream("/dev/trialstream/core/data/builtin/boston_test.csv")) {
            Files.copy(in, testCsv);
        }
    }

    List<Recovery> recoveries() {
        return List.copyOf(recoveries);
    }

    /** What failed a check; empty = the suite passed. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    void run() throws Exception {
        long started = System.nanoTime();
        cluster.startBrokers(Duration.ofSeconds(60));
        cluster.createTopics();
        events = new EventLog<>(cluster.bootstrap(), Cluster.TOPICS.events(), "fault-suite-events", EventLog.Seen::fromRecord);
        try {
            cluster.newAggregator().start();
            for (String id : List.of("w1", "w2", "w3")) {
                cluster.worker(id).start();
            }
            awaitReady("start", WAIT);
            log("cluster up in %.1f s", seconds(started));
            jvmBaseline("before the faults");

            Set<Fault> faults = settings.faults();
            if (faults.contains(Fault.WORKER_KILL)) {
                workerFault(WorkerFault.KILLED);
            }
            if (faults.contains(Fault.WORKER_RESTART)) {
                workerFault(WorkerFault.KILLED_AND_RESTARTED);
            }
            if (faults.contains(Fault.WORKER_TERM)) {
                workerFault(WorkerFault.TERMINATED);
            }
            if (faults.contains(Fault.AGGREGATOR_SAME)) {
                aggregatorKilled(false);
            }
            if (faults.contains(Fault.AGGREGATOR_EMPTY)) {
                aggregatorKilled(true);
            }
            if (faults.contains(Fault.BROKER_SHORT)) {
                brokerKilled(settings.shortOutage());
            }
            if (faults.contains(Fault.BROKER_LONG)) {
                brokerKilled(settings.longOutage());
            }
            if (faults.contains(Fault.BROKER_ROLLING)) {
                brokersRolled();
            }
            if (faults.contains(Fault.BROKER_AT_START)) {
                brokerDownAtStart();
            }

            for (String search : searches) {
                awaitDone(search);
            }
            jvmBaseline("after the faults");
            check();
            checkRestoredFromChangelog();
            reportDroppedMarkers();
        } finally {
            events.close();
        }
        log("suite done in %.0f s", seconds(started));
    }

    // ---- the faults ----

    private enum WorkerFault {
        KILLED("worker kill -9 (not restarted)"),
        KILLED_AND_RESTARTED("worker kill -9, restarted at once"),
        TERMINATED("worker SIGTERM");

        final String label;

        WorkerFault(String label) {
            this.label = label;
        }
    }

    /**
     * Kills or terminates the worker training a trial, and measures until that trial starts again
     * (on another worker, unless the victim restarts at once). A trial that ended on the victim
     * before the fault took effect (the signal raced its last epoch) measures nothing: the fault
     * is tried again on a new search, up to three times.
     */
    private void workerFault(WorkerFault kind) throws Exception {
        for (int attempt = 1; attempt <= 3; attempt++) {
            String search = submit();
            Mid mid = midTrial(search);
            Child victim = cluster.worker(mid.worker());
            long fault = System.currentTimeMillis();
            String note = "";
            if (kind == WorkerFault.TERMINATED) {
                int status = victim.terminate(Duration.ofMinutes(2));
                if (status != 0 && status != 143) {
                    problems.add(victim.name() + " exited with " + status + " after SIGTERM (expected 0 or 143)");
                }
                note = "handed back at an epoch boundary, left the group; exit " + status + "; ";
            } else {
                victim.kill();
            }
            if (kind == WorkerFault.KILLED_AND_RESTARTED) {
                victim.start();
                note = "static member restarted under the same id; ";
            }
            if (kind == WorkerFault.KILLED) {
                record(kind.label, fault, queries.awaitLeft(victim.name(), WAIT), "its partitions are reassigned (it left the group)",
                        "session timeout " + TrialWorker.SESSION_TIMEOUT.toSeconds() + " s");
            }
            Optional<EventLog.Seen> again = restartedOrEnded(mid.trial(), fault,
                    kind == WorkerFault.KILLED_AND_RESTARTED ? w -> true : w -> !w.equals(victim.name()));
            if (!victim.alive()) {
                victim.start();
            }
            awaitReady(victim.name() + " back", WAIT);
            if (again.isPresent()) {
                record(kind.label, fault, again.get().arrivedMillis(), "its trial starts again",
                        note + "started on " + ((TrialStarted) again.get().message()).workerId());
                return;
            }
            log("%s: trial %s ended on %s before the fault took effect; once more", kind.label, mid.trial(),
                    victim.name());
        }
        problems.add(kind.label + ": three times the trial ended before the fault took effect");
    }

    /** The trial's next start after {@code fault}, or empty if it ended (committed) without one. */
    private Optional<EventLog.Seen> restartedOrEnded(String trial, long fault, Predicate<String> worker)
            throws InterruptedException {
        EventLog.Seen seen = events.await("trial " + trial + " started again or ended", started(trial, fault, worker)
                .or(s -> s.message() instanceof TrialEnded && trialId(s.message()).equals(trial)), WAIT);
        if (seen.message() instanceof TrialStarted) {
            return Optional.of(seen);
        }
        return events.first(started(trial, fault, worker));
    }

    private void aggregatorKilled(boolean emptyStateDir) throws Exception {
        String search = submit();
        // Some trials ended before the kill, so that a stale leaderboard after it would show.
        events.await("half of " + search + " ended", seen -> terminalCount(search) >= settings.trials() / 2, WAIT);
        midTrial(search);
        long fault = System.currentTimeMillis();
        cluster.aggregator().kill();
        long endedAtKill = terminalCount(search);
        Child aggregator = emptyStateDir ? cluster.newAggregator() : cluster.sameAggregator();
        aggregator.start();
        int restoring = 0;
        long firstAnswer = -1;
        // Terminal events committed before the restarted aggregator answered at all, so before its
        // Kafka Streams started (the endpoint comes first): its first board must count every one.
        long endedBeforeStart = -1;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            long asked = terminalCount(search);
            Optional<HttpResponse<String>> answer = aggregator.get("/searches/" + search);
            if (answer.isPresent() && firstAnswer < 0) {
                firstAnswer = System.currentTimeMillis();
                endedBeforeStart = asked;
            }
            if (answer.isPresent() && answer.get().statusCode() == 200) {
                long served = System.currentTimeMillis();
                long ended = ended(board(answer.get()));
                if (ended < endedBeforeStart) {
                    problems.add("aggregator restarted (" + (emptyStateDir ? "empty" : "same") + " state dir) served a "
                            + "stale leaderboard: " + ended + " ended, " + endedBeforeStart + " had ended before it "
                            + "started (" + endedAtKill + " at the kill)");
                }
                String name = "aggregator kill -9, restarted on " + (emptyStateDir ? "an empty" : "its") + " state dir";
                record(name, fault, firstAnswer, "it answers HTTP again (503 restoring, or the board)", "");
                record(name, fault, served, "it serves the search's leaderboard", restoring
                        + " answers 503 restoring before it; board " + ended + " ended, " + endedAtKill
                        + " had ended at the kill, " + endedBeforeStart + " before it started");
                break;
            }
            if (answer.isPresent()) {
                if (answer.get().statusCode() != 503 || !answer.get().body().contains("\"restoring\"")) {
                    problems.add("aggregator answered " + answer.get().statusCode() + " " + answer.get().body()
                            + " while restoring");
                }
                restoring++;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the aggregator did not serve " + search + " within " + WAIT.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
        awaitReady("aggregator back", WAIT);
    }

    /**
     * Kills a broker, starts it again after {@code outage}. With one broker that is an outage of
     * the whole cluster; with several, the one coordinating the workers' group is killed (a
     * worker's every commit goes through it), and the others carry on.
     */
    private void brokerKilled(Duration outage) throws Exception {
        String search = submit();
        midTrial(search);
        boolean replicated = cluster.replicated();
        int victimId = replicated ? queries.workersCoordinator() : 1;
        boolean controller = replicated && queries.activeController() == victimId;
        Child victim = cluster.broker(victimId);
        String name = replicated
                ? victim.name() + " of " + cluster.brokers().size() + " (the workers' group coordinator) kill -9, back after "
                        + outage.toSeconds() + " s"
                : "broker kill -9, back after " + outage.toSeconds() + " s";
        long fault = System.currentTimeMillis();
        victim.kill();
        if (replicated) {
            EventLog.Seen next = trialEventMadeAfter(fault, "after " + victim.name() + " was killed");
            record(name, fault, next.arrivedMillis(), "a trial event made after the kill arrives (the others up)",
                    controller ? "it was the active KRaft controller too" : "not the active KRaft controller");
        }
        Thread.sleep(Math.max(0, fault + outage.toMillis() - System.currentTimeMillis()));
        cluster.startBroker(victim, Duration.ofMinutes(2));
        long back = System.currentTimeMillis();
        String listening = String.format(Locale.ROOT, "listening again %.1f s after the kill", (back - fault) / 1000.0);
        // Replicated, the search may well have ended meanwhile: what the return restores is redundancy.
        recordReturn(name, back, listening);
        if (!replicated) {
            record(name, back, trialEventMadeAfter(back, "after the broker came back").arrivedMillis(),
                    "a new trial event (from the broker listening again)", "");
        }
    }

    /**
     * After a broker's return: until every process is ready again and, on a replicated cluster,
     * every partition's replicas are in sync, each timed from the broker listening again (watched
     * side by side, so that neither waits on the other).
     */
    private void recordReturn(String name, long back, String note) throws Exception {
        CompletableFuture<ClusterQueries.InSync> inSync = !cluster.replicated() ? null
                : CompletableFuture.supplyAsync(() -> {
                    try {
                        return queries.awaitInSync(WAIT);
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                });
        record(name, back, awaitReady(name + ": after the broker's return", WAIT),
                "every process ready again (from the broker listening again)", note);
        if (inSync != null) {
            ClusterQueries.InSync synced = inSync.get();
            List<String> lagging = synced.laggingAtFirst();
            record(name, back, synced.millis(), "every partition's replicas in sync again (from the broker listening again)",
                    lagging.isEmpty() ? "" : lagging.size() + " partition(s) out of sync at the first look: "
                            + String.join(", ", lagging.subList(0, Math.min(6, lagging.size())))
                            + (lagging.size() > 6 ? ", ..." : ""));
        }
    }

    /**
     * A rolling restart, as an upgrade or a configuration change does it: each broker in turn stopped
     * cleanly (SIGTERM: Kafka's controlled shutdown moves its partitions' leadership away first),
     * started again at once, and the next one only once every partition is in sync again; the active
     * KRaft controller last. With one broker: a clean shutdown of the whole cluster and its restart.
     * Each step gets a search of its own, so that trials are in flight when the broker stops.
     */
    private void brokersRolled() throws Exception {
        boolean replicated = cluster.replicated();
        for (int id : rollingOrder()) {
            String search = submit();
            midTrial(search);
            Child broker = cluster.broker(id);
            String name = replicated
                    ? broker.name() + " of " + cluster.brokers().size() + " SIGTERM, restarted at once (rolling restart)"
                    : "broker SIGTERM, restarted at once";
            String roles = replicated ? roles(id) : "";
            long fault = System.currentTimeMillis();
            int status = broker.terminate(WAIT);
            if (status != 0 && status != 143) {
                problems.add(broker.name() + " exited with " + status + " after SIGTERM (expected 0 or 143; see "
                        + broker.log() + ")");
            }
            record(name, fault, System.currentTimeMillis(), "it has shut down", "exit " + status + roles);
            cluster.startBroker(broker, Duration.ofMinutes(2));
            long back = System.currentTimeMillis();
            String listening = String.format(Locale.ROOT, "listening again %.1f s after the SIGTERM", (back - fault) / 1000.0);
            recordReturn(name, back, listening);
            if (replicated) {
                Predicate<EventLog.Seen> later = seen -> seen.arrivedMillis() >= back && isTrialEvent(seen.message());
                events.await("a trial event of " + search + " after " + broker.name() + " came back, or its end",
                        later.and(seen -> ((EventMessage) seen.message()).searchId().equals(search))
                                .or(seen -> terminalCount(search) >= settings.trials()), WAIT);
                // When every search ended while the broker was down, the pipeline paused only until the last event.
                record(name, fault, fault + longestPause(fault, back, events.first(later).isPresent()),
                        "the longest pause in trial events, any search's (from the SIGTERM to its listening again)", "");
            } else {
                record(name, back, trialEventMadeAfter(back, "after the broker came back").arrivedMillis(),
                        "a new trial event (from the broker listening again)", "");
            }
        }
    }

    /**
     * The longest time (ms) in {@code [from, to]} without a trial event of any search arriving: how
     * long the pipeline stood still (events read_committed, so a transaction left open holds back
     * every later one on its partition).
     *
     * @param runningAtEnd trial events still arrived after {@code to}: the time from the last one
     *                     before {@code to} counts as a pause too
     */
    private long longestPause(long from, long to, boolean runningAtEnd) {
        long last = from;
        long longest = 0;
        for (EventLog.Seen seen : events.all()) {
            if (seen.arrivedMillis() >= from && isTrialEvent(seen.message())) {
                long at = Math.min(seen.arrivedMillis(), to);
                longest = Math.max(longest, at - last);
                last = Math.max(last, at);
            }
        }
        return runningAtEnd ? Math.max(longest, to - last) : longest;
    }

    /** The brokers' node ids in the order a rolling restart takes them: the active controller last. */
    private List<Integer> rollingOrder() throws Exception {
        int count = cluster.brokers().size();
        int controller = cluster.replicated() ? queries.activeController() : 1;
        List<Integer> order = new ArrayList<>();
        for (int id = 1; id <= count; id++) {
            if (id != controller) {
                order.add(id);
            }
        }
        order.add(controller);
        return order;
    }

    /** What the node was when it was stopped: the active controller, the workers' group coordinator. */
    private String roles(int id) throws Exception {
        List<String> roles = new ArrayList<>();
        if (queries.activeController() == id) {
            roles.add("the active KRaft controller");
        }
        if (queries.workersCoordinator() == id) {
            roles.add("the workers' group coordinator");
        }
        return roles.isEmpty() ? "" : "; it was " + String.join(" and ", roles);
    }

    private void brokerDownAtStart() throws Exception {
        String search = submit();
        midTrial(search);
        for (Child broker : cluster.brokers()) {
            broker.kill();
        }
        // The aggregator and a new worker start while there is no broker at all.
        cluster.aggregator().kill();
        Child aggregator = cluster.sameAggregator().start();
        Child newcomer = cluster.worker("w4").start();
        long started = System.nanoTime();
        // Each must come up and stay up without a broker: live (its endpoint answers 200) however
        // long its JVM takes to start on a loaded machine, and still live after 15 s in all.
        awaitLive(List.of(aggregator, newcomer), WAIT);
        Thread.sleep(Math.max(0, 15_000 - (System.nanoTime() - started) / 1_000_000));
        for (Child child : List.of(aggregator, newcomer)) {
            if (!live(child)) {
                problems.add(child.name() + " started without a broker is " + (child.alive() ? "not live" : "gone"));
            }
        }
        long starting = System.currentTimeMillis();
        cluster.startBrokers(Duration.ofMinutes(2));
        long back = System.currentTimeMillis();
        long ready = awaitReady("after starting without a broker", WAIT);
        record("broker down while the aggregator and a worker start", back, ready,
                "every process ready (from the broker listening)",
                String.format(Locale.ROOT, "broker took %.1f s to listen", (back - starting) / 1000.0));
    }

    // ---- helpers ----

    /**
     * How long a JVM of this build takes to start and run {@code --version}: part of every
     * restart's recovery, and what a loaded machine slows first, so the figures can be read
     * against it.
     */
    private void jvmBaseline(String when) throws Exception {
        long start = System.nanoTime();
        runCli("--version");
        log("baseline %s: a JVM of this build starts and prints its version in %.1f s", when, seconds(start));
    }

    /** Submits a search of its own for the next fault (the CLI in a child JVM); returns its id. */
    private String submit() throws Exception {
        Path spec = cluster.dir().resolve("search-" + (searches.size() + 1) + ".yaml");
        Files.writeString(spec, """
                name: faults-%d
                data: {dataset: boston}
                cv: {folds: 3, seed: 0}
                strategy: {type: random, trials: %d, seed: %d}
                training: {maxEpochs: %d}
                space:
                  hiddenLayers: [2]
                  neurons: [256]
                  batchSize: [16]
                  learningRate: {logUniform: {min: 1.0e-3, max: 1.0e-2}}
                """.formatted(searches.size() + 1, settings.trials(), searches.size(), settings.epochs()));
        String output = runCli("submit", spec.toString(), "--bootstrap", cluster.bootstrap(),
                "--topic-prefix", Cluster.TOPICS.prefix());
        String[] lines = output.strip().split("\n");
        String id = lines[lines.length - 1].strip();
        searches.add(id);
        log("submitted %s (%d trials of %d epochs)", id, settings.trials(), settings.epochs());
        return id;
    }

    /** A trial under way, and the worker training it. */
    private record Mid(String trial, String worker) {
    }

    /** Waits until a trial of {@code search} is under way (started, at least one epoch reported). */
    private Mid midTrial(String search) throws InterruptedException {
        EventLog.Seen epoch = events.await("an epoch report of " + search,
                seen -> seen.message() instanceof EpochReported e && e.searchId().equals(search), WAIT);
        EpochReported report = (EpochReported) epoch.message();
        TrialStarted start = (TrialStarted) events.await("the start of attempt " + report.attempt(),
                seen -> seen.message() instanceof TrialStarted s && s.attempt().equals(report.attempt()), WAIT).message();
        return new Mid(report.trialId(), start.workerId());
    }

    /** The first trial event (of any search) made at or after {@code millis} (wall clock). */
    private EventLog.Seen trialEventMadeAfter(long millis, String when) throws InterruptedException {
        return events.await("a trial event made " + when,
                seen -> seen.createdMillis() >= millis && isTrialEvent(seen.message()), WAIT);
    }

    private static Predicate<EventLog.Seen> started(String trial, long after, Predicate<String> worker) {
        return seen -> seen.arrivedMillis() >= after && seen.message() instanceof TrialStarted s
                && s.trialId().equals(trial) && worker.test(s.workerId());
    }

    private static boolean isTrialEvent(Message message) {
        return message instanceof TrialStarted || message instanceof EpochReported || message instanceof TrialEnded;
    }

    private long terminalCount(String search) {
        return ends(events.all(), search).count();
    }

    /** The terminal events of {@code search} among {@code seen}. */
    private static java.util.stream.Stream<Message> ends(List<EventLog.Seen> seen, String search) {
        return seen.stream().map(EventLog.Seen::message)
                .filter(m -> m instanceof TrialEnded && ((EventMessage) m).searchId().equals(search));
    }

    private static long ended(LeaderboardSnapshot board) {
        return board.counts().completed() + board.counts().pruned() + board.counts().failed();
    }

    private LeaderboardSnapshot board(HttpResponse<String> answer) {
        return codec.decode(answer.body().getBytes(StandardCharsets.UTF_8), LeaderboardSnapshot.class);
    }

    private static boolean live(Child child) {
        return child.alive() && child.get("/health/live").map(r -> r.statusCode() == 200).orElse(false);
    }

    /** Waits until each process answers live, or has exited, or the timeout passes. */
    private static void awaitLive(List<Child> children, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && children.stream().anyMatch(c -> c.alive() && !live(c))) {
            Thread.sleep(100);
        }
    }

    /** Waits until every running process reports ready; returns when (wall clock, ms). */
    private long awaitReady(String when, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Child> notReady = cluster.running().stream().filter(c -> !c.ready()).toList();
            if (notReady.isEmpty()) {
                return System.currentTimeMillis();
            }
            if (System.nanoTime() > deadline) {
                notReady.forEach(FaultSuite::printTail);
                throw new IllegalStateException(when + ": not ready after " + timeout.toSeconds() + " s: "
                        + notReady.stream().map(c -> c.name() + " (see " + c.log() + ")").toList());
            }
            Thread.sleep(100);
        }
    }

    /** The end of a process's log, on stderr: what a CI log keeps of a failure. */
    private static void printTail(Child child) {
        try {
            List<String> lines = Files.readAllLines(child.log());
            System.err.println("---- last lines of " + child.log() + " ----");
            lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.err::println);
        } catch (java.io.IOException e) {
            System.err.println("cannot read " + child.log() + ": " + e);
        }
    }

    /**
     * Waits until the aggregator says the search is done. One exception is not trialstream's:
     * when the search has sat in final-fit for {@link #FINAL_FIT_PATIENCE} and the broker's log
     * shows Kafka skipped a transaction's markers ({@link DroppedMarkers}), the final fit's result
     * or the aggregator's record of it may have gone with them; then the suite does what a user would,
     * {@code trialstream refit}, says so, and waits on (the refit itself must then work).
     */
    private void awaitDone(String search) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        long inFinalFitSince = 0;
        while (true) {
            Optional<HttpResponse<String>> answer = cluster.aggregator().get("/searches/" + search);
            LeaderboardSnapshot board = answer.isPresent() && answer.get().statusCode() == 200 ? board(answer.get()) : null;
            if (board != null && board.done()) {
                return;
            }
            if (board == null || board.status() != SearchStatus.FINAL_FIT || refitted.contains(search)) {
                inFinalFitSince = 0;
            } else if (inFinalFitSince == 0) {
                inFinalFitSince = System.nanoTime();
            } else if (System.nanoTime() - inFinalFitSince > FINAL_FIT_PATIENCE.toNanos()) {
                Optional<String> dropped = droppedMarkers();
                if (dropped.isPresent()) {
                    refit(search, dropped.get());
                } else {
                    inFinalFitSince = System.nanoTime(); // read the broker's log again a patience later, not every poll
                }
            }
            if (System.nanoTime() > deadline) {
                // What a CI log keeps of it: the processes' last lines, the trials that never ended,
                // and Kafka's own line if it dropped a transaction's markers.
                cluster.running().forEach(FaultSuite::printTail);
                throw new IllegalStateException(search + " not done after 10 min; started and never ended: "
                        + unended(search) + "; ended without a start on events: " + unstarted(search) + droppedMarkers()
                                .map(line -> "; the broker's log says Kafka dropped a transaction's markers: " + line.strip())
                                .orElse("; the broker's log shows no dropped markers")
                        + "; its board: " + answer.map(HttpResponse::body).orElse("no answer"));
            }
            Thread.sleep(250);
        }
    }

    /**
     * Says, whatever the checks found, whether a broker's log shows Kafka dropping a transaction's
     * markers: the loss no check may see (a running aggregator goes on from memory), counted per run.
     */
    private void reportDroppedMarkers() {
        Map<String, String> found = droppedMarkersByBroker();
        if (found.isEmpty()) {
            log("no broker's log shows Kafka dropping a transaction's markers");
        } else {
            found.forEach((broker, line) -> log("Kafka dropped a transaction's markers (%s: %s)", broker, line.strip()));
        }
    }

    /** Kafka's line for a transaction's skipped markers, from the first broker log that has one. */
    private Optional<String> droppedMarkers() {
        return droppedMarkersByBroker().values().stream().findFirst();
    }

    /** Kafka's line for a transaction's skipped markers, by the name of each broker whose log has one, node 1 first. */
    private Map<String, String> droppedMarkersByBroker() {
        Map<String, String> found = new LinkedHashMap<>();
        for (Child broker : cluster.brokers()) {
            DroppedMarkers.find(broker.log()).ifPresent(line -> found.put(broker.name(), line));
        }
        return found;
    }

    /** The search's board as the current aggregator serves it. */
    private LeaderboardSnapshot servedBoard(String search) {
        return board(cluster.aggregator().get("/searches/" + search).orElseThrow());
    }

    /** The trials of {@code search} seen starting and never ending (events read_committed), each with its last worker. */
    private List<String> unended(String search) {
        List<EventLog.Seen> all = events.all();
        Map<String, String> lastWorker = new java.util.TreeMap<>();
        for (EventLog.Seen seen : all) {
            if (seen.message() instanceof TrialStarted s && s.searchId().equals(search)) {
                lastWorker.put(s.trialId(), s.workerId());
            }
        }
        ends(all, search).forEach(m -> lastWorker.remove(trialId(m)));
        return lastWorker.entrySet().stream().map(e -> e.getKey() + " (last started on " + e.getValue() + ")").toList();
    }

    /**
     * The trials of {@code search} with a terminal event but no start (events read_committed): the
     * aggregator learns a trial's parameters from its start, and waits for it before the final fit.
     */
    private List<String> unstarted(String search) {
        List<EventLog.Seen> all = events.all();
        Set<String> started = all.stream().map(EventLog.Seen::message)
                .filter(m -> m instanceof TrialStarted s && s.searchId().equals(search))
                .map(m -> ((TrialStarted) m).trialId()).collect(Collectors.toSet());
        return ends(all, search).map(FaultSuite::trialId).filter(trial -> !started.contains(trial)).sorted().toList();
    }

    private void refit(String search, String evidence) throws Exception {
        log("%s: in final-fit for %d s, and the broker's log says Kafka skipped a transaction's markers (%s):"
                + " the final fit's result may be lost with them; asking again with `trialstream refit`", search,
                FINAL_FIT_PATIENCE.toSeconds(), evidence.strip());
        log("%s", runCli("refit", search, "--bootstrap", cluster.bootstrap(), "--topic-prefix", Cluster.TOPICS.prefix(),
                "--reason", "fault suite: Kafka dropped transaction markers").strip());
        refitted.add(search);
    }

    // ---- the checks ----

    private void check() throws Exception {
        List<EventLog.Seen> all = events.all();
        for (int i = 0; i < searches.size(); i++) {
            String search = searches.get(i);
            LeaderboardSnapshot board = servedBoard(search);
            StatusCounts counts = board.counts();
            Map<String, Long> terminal = ends(all, search).collect(Collectors.groupingBy(m -> trialId(m), Collectors.counting()));
            long duplicated = terminal.values().stream().filter(n -> n > 1).count();
            long fits = all.stream().map(EventLog.Seen::message)
                    .filter(m -> m instanceof FinalFitCompleted f && f.searchId().equals(search)).count();
            log("%s: %d trials requested, %d ended (events), %d with more than one end, leaderboard %d ended, "
                            + "%d running, %d final fit(s)", search, settings.trials(), terminal.size(), duplicated,
                    ended(board), counts.running(), fits);
            if (terminal.size() != settings.trials() || duplicated > 0) {
                problems.add(search + ": " + terminal.size() + " of " + settings.trials() + " trials ended, "
                        + duplicated + " more than once");
            }
            if (ended(board) != settings.trials() || counts.running() != 0 || counts.requested() != 0) {
                problems.add(search + ": leaderboard counts " + counts);
            }
            // Refitted: the first fit's result may itself have been lost with the markers, or only the
            // aggregator's record of it.
            if (refitted.contains(search) ? fits < 1 || fits > 2 : fits != 1) {
                problems.add(search + ": " + fits + " final fits committed"
                        + (refitted.contains(search) ? " (refitted after Kafka dropped transaction markers: 1 or 2 expected)" : ""));
            }
            if (settings.checkEveryModel() || i == searches.size() - 1) {
                checkModel(search, board);
            }
        }
        for (Child child : cluster.running()) {
            if (!child.ready()) {
                problems.add(child.name() + " is not ready at the end");
            }
        }
        if (settings.faults().contains(Fault.BROKER_AT_START)) {
            long trainedByNewcomer = all.stream().filter(seen -> seen.message() instanceof TrialStarted s
                    && s.workerId().equals("w4")).count();
            log("w4 (started while the broker was down) started %d trials", trainedByNewcomer);
        }
        for (Child worker : cluster.workers()) {
            if (!worker.alive()) {
                problems.add(worker.name() + " exited unexpectedly (see " + worker.log() + ")");
            }
        }
    }

    /**
     * What a running aggregator knows must survive its restart from the changelog alone, whatever the
     * faults did to its transactions (a dropped one is written again once quiet: {@link QuietRewrites}).
     * Waits until every store entry has been quiet long enough to be written again, kills the
     * aggregator (kill -9) and starts one on an empty state dir; each search's board must be the same.
     */
    private void checkRestoredFromChangelog() throws Exception {
        Map<String, LeaderboardSnapshot> before = new LinkedHashMap<>();
        for (String search : searches) {
            before.put(search, servedBoard(search));
        }
        Duration quiet = QuietRewrites.QUIET.plus(QuietRewrites.CHECK).plusSeconds(2);
        log("restart from the changelog alone: waiting %d s (every entry quiet and written again), then kill -9"
                + " the aggregator and start one on an empty state dir", quiet.toSeconds());
        Thread.sleep(quiet.toMillis());
        long fault = System.currentTimeMillis();
        cluster.aggregator().kill();
        cluster.newAggregator().start();
        long ready = awaitReady("aggregator restored from the changelog", WAIT);
        record("aggregator kill -9 at the end, restarted on an empty state dir", fault, ready, "every process ready",
                searches.size() + " searches restored");
        for (String search : searches) {
            LeaderboardSnapshot after = servedBoard(search);
            String was = restored(before.get(search));
            String is = restored(after);
            if (!was.equals(is)) {
                problems.add(search + ": restored from the changelog, the aggregator says " + is
                        + "; before the restart it said " + was);
            }
        }
    }

    /** What a board must keep across a restart (all but when it was published). */
    private static String restored(LeaderboardSnapshot board) {
        return List.of(board.status(), board.counts(), board.top(), board.stopped(), board.epochsTrained(), board.epochsRedone(),
                String.valueOf(board.finalTest()), String.valueOf(board.ensemble())).toString();
    }

    private static String trialId(Message message) {
        if (message instanceof TrialCompleted c) {
            return c.trialId();
        }
        return message instanceof TrialPruned p ? p.trialId() : ((TrialFailed) message).trialId();
    }

    /** Exports the search's model with the CLI and checks that predict reproduces its test score. */
    private void checkModel(String search, LeaderboardSnapshot board) throws Exception {
        Path model = cluster.dir().resolve(search + ".zip");
        runCli("export", search, "--bootstrap", cluster.bootstrap(), "--topic-prefix", Cluster.TOPICS.prefix(),
                "--out", model.toString());
        JsonNode predicted = JSON.readTree(runCli("predict", "--model", model.toString(), "--data", testCsv.toString(),
                "--json"));
        double mse = predicted.path("metrics").path("mse").asDouble(Double.NaN);
        double expected = board.finalTest() == null ? Double.NaN : board.finalTest().mse();
        log("%s: model exported, predict test mse %.6f, final fit measured %.6f", search, mse, expected);
        if (!(Math.abs(mse - expected) <= 1e-6 * Math.max(1, Math.abs(expected)))) {
            problems.add(search + ": predict scores test mse " + mse + ", the final fit measured " + expected);
        }
    }

    /** Runs a trialstream command in a child JVM; returns its stdout, fails on a non-zero exit. */
    private String runCli(String... args) throws Exception {
        Path output = Files.createTempFile(cluster.dir(), "cli", ".out");
        Process process = new ProcessBuilder(cluster.launch().command("512m", "dev.trialstream.launcher.Main",
                List.of(args))).redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(cluster.dir().resolve("cli.log").toFile())).start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("trialstream " + args[0] + " did not finish in 3 min");
        }
        String stdout = Files.readString(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("trialstream " + String.join(" ", args) + " exited " + process.exitValue()
                    + " (see " + cluster.dir().resolve("cli.log") + ")");
        }
        return stdout;
    }

    private void record(String fault, long from, long to, String until, String note) {
        Recovery recovery = new Recovery(fault, (to - from) / 1000.0, until, note);
        recoveries.add(recovery);
        log("%s: %.1f s until %s%s", fault, recovery.seconds(), until, note.isEmpty() ? "" : " (" + note + ")");
    }

    private void log(String format, Object... args) {
        out.printf(Locale.ROOT, "[faults] " + format + "%n", args);
        out.flush();
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
