package dev.trialstream.launcher.faults;

import dev.trialstream.launcher.faults.BenchEvent.Kind;
import dev.trialstream.launcher.faults.BenchTrialConsumer.FakeTrial;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Classic consumer group (the worker's design) against a share group (KIP-932) for the trials
 * topic, on the same fake trials, with a broker process and the consumers as child JVMs:
 * <ul>
 *   <li>{@link Scenario#KILL}: kill -9 of a consumer mid-trial → another consumer starts that trial;</li>
 *   <li>{@link Scenario#FREEZE}: SIGSTOP of a consumer mid-trial for longer than the session
 *       timeout and the record lock, then SIGCONT → another consumer starts that trial, and does
 *       the frozen one's result count twice;</li>
 *   <li>{@link Scenario#IMBALANCE}: one long trial and eleven short ones queued for three idle
 *       consumers → how long until every trial started.</li>
 * </ul>
 * Every run counts the starts (a trial started again is redone work) and the terminal events per
 * trial (more than one is a duplicate the aggregator has to ignore).
 */
final class ShareBench {

    /** A design and the partition count of its trials topic. */
    record Variant(String design, int partitions) {
        String label() {
            return design + "/" + partitions + "p";
        }
    }

    enum Scenario { KILL, FREEZE, IMBALANCE }

    record Settings(List<Variant> variants, List<Scenario> scenarios, int repeats, Duration lock, Duration freeze) {
        Settings {
            variants = List.copyOf(variants);
            scenarios = List.copyOf(scenarios);
            if (freeze.compareTo(lock) <= 0 || freeze.compareTo(BenchTrialConsumer.SESSION_TIMEOUT) <= 0) {
                throw new IllegalArgumentException("the freeze (" + freeze.toSeconds() + " s) must outlast the record lock ("
                        + lock.toSeconds() + " s) and the session timeout, or nothing moves");
            }
        }
    }

    /** One measured run. Times in seconds; NaN when it did not happen. */
    record Row(Scenario scenario, Variant variant, int run, double recovery, double allStarted, double allDone,
               int trials, int starts, int done, int duplicated, String load, String note) {
    }

    static final int CONSUMERS = 3;
    /** Fewer trials than consumers: a consumer is idle at the fault, so the recovery time is the design's, not a busy survivor's. */
    static final int FAULT_TRIALS = 2;
    static final int FAULT_EPOCHS = 8;
    static final int IMBALANCE_TRIALS = 12;
    static final int LONG_EPOCHS = 30;
    static final int SHORT_EPOCHS = 3;
    /** How long a trial runs before the fault: well inside it. */
    static final Duration MID_TRIAL = Duration.ofSeconds(3);

    /**
     * Share groups are on by default in 4.4 (a freshly formatted cluster has {@code share.version=2});
     * these only lower the broker's floors so that a group may use the worker's 6 s session and a
     * record lock of a few seconds (the defaults' minimums are 45 s and 15 s).
     */
    static Map<String, String> brokerOverrides() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("group.share.min.session.timeout.ms", Long.toString(BenchTrialConsumer.SESSION_TIMEOUT.toMillis()));
        p.put("group.share.min.heartbeat.interval.ms", "1000");
        p.put("group.share.min.record.lock.duration.ms", "5000");
        return p;
    }

    private final Cluster cluster;
    private final Settings settings;
    private final PrintStream log;
    private final List<Row> rows = new ArrayList<>();

    ShareBench(Cluster cluster, Settings settings, PrintStream log) {
        this.cluster = cluster;
        this.settings = settings;
        this.log = log;
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    void run() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap()))) {
            for (int run = 1; run <= settings.repeats(); run++) {
                for (Scenario scenario : settings.scenarios()) {
                    for (Variant variant : settings.variants()) {
                        Row row = run(admin, scenario, variant, run);
                        rows.add(row);
                        log.printf(Locale.ROOT, "%s %s run %d: recovery %.1f s, all started %.1f s, all done %.1f s, "
                                        + "%d starts, %d terminal events for %d trials (%d duplicated) %s%n", scenario,
                                variant.label(), run, row.recovery(), row.allStarted(), row.allDone(), row.starts(),
                                row.done(), row.trials(), row.duplicated(), row.note());
                    }
                }
            }
        }
    }

    private Row run(Admin admin, Scenario scenario, Variant variant, int run) throws Exception {
        String name = (scenario + "-" + variant.design() + "-" + variant.partitions() + "p-" + run).toLowerCase(Locale.ROOT);
        String trialsTopic = "share-bench." + name + ".trials";
        String eventsTopic = "share-bench." + name + ".events";
        admin.createTopics(List.of(new NewTopic(trialsTopic, variant.partitions(), (short) 1),
                new NewTopic(eventsTopic, 1, (short) 1))).all().get();
        if (variant.design().equals("share")) {
            configureShareGroup(admin, name);
        }
        String load = load();
        List<String> notes = new ArrayList<>();
        Map<String, Child> consumers = new LinkedHashMap<>();
        try (EventLog<BenchEvent> events = new EventLog<>(cluster.bootstrap(), eventsTopic, "bench-share-events",
                BenchEvent::fromRecord)) {
            for (int i = 1; i <= CONSUMERS; i++) {
                String id = "c" + i;
                consumers.put(id, new Child(name + "-" + id, cluster.launch().command("256m",
                        BenchTrialConsumer.class.getName(), List.of(variant.design(), cluster.bootstrap(), trialsTopic,
                                eventsTopic, name, id)), cluster.dir().resolve(name + "-" + id + ".log"), -1).start());
            }
            if (!events.awaitAll(e -> e.stream().filter(x -> x.kind() == Kind.READY).count() >= CONSUMERS,
                    Duration.ofSeconds(120))) {
                throw new IllegalStateException(name + ": the consumers did not all join within 120 s (see "
                        + cluster.dir() + ")");
            }
            Thread.sleep(5_000); // let the group settle: every consumer has its partitions before trials arrive
            List<FakeTrial> trials = workload(scenario);
            long submitted = submit(trialsTopic, variant.partitions(), trials);
            double recovery = Double.NaN;
            Child frozen = null;
            long thawAt = 0;
            if (scenario != Scenario.IMBALANCE) {
                Optional<BenchEvent> victim = events.awaitFirst(e -> e.kind() == Kind.START
                        && System.currentTimeMillis() - e.millis() >= MID_TRIAL.toMillis(), Duration.ofSeconds(60));
                if (victim.isEmpty()) {
                    throw new IllegalStateException(name + ": no trial ran for " + MID_TRIAL.toSeconds() + " s");
                }
                BenchEvent hit = victim.get();
                Child child = consumers.get(hit.consumer());
                long fault = System.currentTimeMillis();
                if (scenario == Scenario.KILL) {
                    child.kill();
                } else {
                    child.freeze();
                    frozen = child;
                    thawAt = fault + settings.freeze().toMillis();
                }
                Optional<BenchEvent> again = events.awaitFirst(e -> e.kind() == Kind.START && e.trial().equals(hit.trial())
                        && !e.consumer().equals(hit.consumer()) && e.millis() >= fault, Duration.ofSeconds(90));
                if (again.isPresent()) {
                    recovery = (again.get().millis() - fault) / 1000.0;
                    notes.add(hit.trial() + " of " + hit.consumer() + " restarted on " + again.get().consumer());
                } else {
                    notes.add(hit.trial() + " of " + hit.consumer() + " not restarted within 90 s");
                }
                if (frozen != null) {
                    Thread.sleep(Math.max(0, thawAt - System.currentTimeMillis()));
                    frozen.thaw();
                }
            }
            int count = trials.size();
            if (!events.awaitAll(e -> e.stream().filter(x -> x.kind() == Kind.DONE).map(BenchEvent::trial).distinct()
                    .count() >= count, Duration.ofSeconds(240))) {
                notes.add("not every trial ended within 240 s");
            }
            // A frozen consumer thawed late may still finish the trial it held: give it the time to.
            Thread.sleep(frozen != null ? (FAULT_EPOCHS + 5) * 1000L : 3_000L);
            return row(scenario, variant, run, recovery, submitted, trials, events.all(), load, notes);
        } finally {
            for (Child consumer : consumers.values()) {
                if (consumer.alive()) {
                    consumer.kill();
                }
            }
        }
    }

    private static Row row(Scenario scenario, Variant variant, int run, double recovery, long submitted,
                           List<FakeTrial> trials, List<BenchEvent> events, String load, List<String> notes) {
        Map<String, List<BenchEvent>> starts = byTrial(events, Kind.START);
        Map<String, List<BenchEvent>> done = byTrial(events, Kind.DONE);
        double allStarted = starts.size() < trials.size() ? Double.NaN
                : (starts.values().stream().mapToLong(e -> e.get(0).millis()).max().orElseThrow() - submitted) / 1000.0;
        double allDone = done.size() < trials.size() ? Double.NaN
                : (done.values().stream().mapToLong(e -> e.get(0).millis()).max().orElseThrow() - submitted) / 1000.0;
        int duplicated = (int) done.values().stream().filter(e -> e.size() > 1).count();
        if (duplicated > 0) {
            notes.add("duplicated: " + done.entrySet().stream().filter(e -> e.getValue().size() > 1)
                    .map(e -> e.getKey() + " by " + e.getValue().stream().map(BenchEvent::consumer).toList())
                    .collect(Collectors.joining(", ")));
        }
        return new Row(scenario, variant, run, recovery, allStarted, allDone, trials.size(), count(starts.values()),
                count(done.values()), duplicated, load, String.join("; ", notes));
    }

    private static int count(Collection<List<BenchEvent>> lists) {
        return lists.stream().mapToInt(List::size).sum();
    }

    private static Map<String, List<BenchEvent>> byTrial(List<BenchEvent> events, Kind kind) {
        Map<String, List<BenchEvent>> byTrial = new HashMap<>();
        events.stream().filter(e -> e.kind() == kind)
                .forEach(e -> byTrial.computeIfAbsent(e.trial(), t -> new ArrayList<>()).add(e));
        return byTrial;
    }

    static List<FakeTrial> workload(Scenario scenario) {
        List<FakeTrial> trials = new ArrayList<>();
        if (scenario == Scenario.IMBALANCE) {
            trials.add(new FakeTrial("t0", LONG_EPOCHS));
            for (int i = 1; i < IMBALANCE_TRIALS; i++) {
                trials.add(new FakeTrial("t" + i, SHORT_EPOCHS));
            }
        } else {
            for (int i = 0; i < FAULT_TRIALS; i++) {
                trials.add(new FakeTrial("t" + i, FAULT_EPOCHS));
            }
        }
        return trials;
    }

    /** Trial i goes to partition i mod the partition count (as round-robin keys would); returns when the first was sent. */
    private long submit(String topic, int partitions, List<FakeTrial> trials) throws ExecutionException, InterruptedException {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-share-submit");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.partitionsFor(topic); // metadata first, so the clock below starts with the first send
            long start = System.currentTimeMillis();
            for (int i = 0; i < trials.size(); i++) {
                producer.send(new ProducerRecord<>(topic, i % partitions, trials.get(i).id(), trials.get(i).encode())).get();
            }
            return start;
        }
    }

    /** Group-level settings: the worker's session, a short record lock, and the queued trials from the start. */
    private void configureShareGroup(Admin admin, String group) throws ExecutionException, InterruptedException {
        List<AlterConfigOp> ops = List.of(
                set("share.auto.offset.reset", "earliest"),
                set("share.record.lock.duration.ms", Long.toString(settings.lock().toMillis())),
                set("share.session.timeout.ms", Long.toString(BenchTrialConsumer.SESSION_TIMEOUT.toMillis())),
                set("share.heartbeat.interval.ms", Long.toString(BenchTrialConsumer.SESSION_TIMEOUT.toMillis() / 4)));
        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group), ops)).all().get();
    }

    private static AlterConfigOp set(String name, String value) {
        return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }
}
