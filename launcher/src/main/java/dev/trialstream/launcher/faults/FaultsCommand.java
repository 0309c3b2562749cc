package dev.trialstream.launcher.faults;

import dev.trialstream.core.spec.StrategySpec;
import dev.trialstream.core.spec.TrainingSpec;
import dev.trialstream.producer.cli.OptionChecks;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code trialstream bench-faults}: runs the fault suite with real processes and prints one row
 * per fault with its recovery time; exit 1 if any check failed. {@code bench/faults.sh} runs it.
 */
@Command(name = "bench-faults", hidden = true, mixinStandardHelpOptions = true,
        description = {"Fault suite: a broker process (or --brokers N), an aggregator and workers as child JVMs; kill -9 and SIGTERM",
                "workers, kill -9 the aggregator and the broker, restart the brokers one by one (SIGTERM), start",
                "processes without a broker; prints the recovery time of each fault and checks that every trial",
                "ended exactly once."})
public final class FaultsCommand implements Callable<Integer> {

    /** The longest outage, an hour: the suite waits it out, and longer is a typo. */
    private static final int MAX_OUTAGE_SECONDS = 3600;

    @Mixin
    private WorkDirOption workDir = new WorkDirOption();

    @Spec
    private CommandSpec spec;

    private int shortOutage;

    @Option(names = "--short-outage", defaultValue = "5", paramLabel = "SECONDS",
            description = "seconds the broker stays down in the short outage (default ${DEFAULT-VALUE})")
    void shortOutage(int value) {
        shortOutage = OptionChecks.between(spec, "--short-outage", value, 1, MAX_OUTAGE_SECONDS);
    }

    private int longOutage;

    @Option(names = "--long-outage", defaultValue = "60", paramLabel = "SECONDS",
            description = "seconds the broker stays down in the long outage (default ${DEFAULT-VALUE})")
    void longOutage(int value) {
        longOutage = OptionChecks.between(spec, "--long-outage", value, 1, MAX_OUTAGE_SECONDS);
    }

    private int trials;

    @Option(names = "--trials", defaultValue = "9", paramLabel = "N", description = "trials per search (one search per fault)")
    void trials(int value) {
        trials = OptionChecks.between(spec, "--trials", value, 1, StrategySpec.MAX_TRIALS);
    }

    private int epochs;

    @Option(names = "--epochs", defaultValue = "80", paramLabel = "N",
            description = "epochs per trial, long enough that each fault lands mid-trial (default ${DEFAULT-VALUE})")
    void epochs(int value) {
        epochs = OptionChecks.between(spec, "--epochs", value, 1, TrainingSpec.MAX_EPOCHS);
    }

    @Option(names = "--brokers", defaultValue = "1", paramLabel = "N",
            description = {"broker processes: 1 (default: the broker faults take the whole cluster down), or a",
                    "replicated cluster of N >= 3 combined KRaft nodes (e.g. 3: every partition on each, writes acknowledged",
                    "by a majority; the short and long outages kill the workers' group coordinator, the others stay up)"})
    void brokers(int value) {
        if (value != 1 && value < 3) {
            // Two nodes: losing one loses the controller quorum and the in-sync majority.
            throw new ParameterException(spec.commandLine(),
                    "--brokers must be 1, or 3 or more so that one may die, found " + value);
        }
        brokers = value;
    }

    private int brokers;

    @Option(names = "--broker-config", paramLabel = "KEY=VALUE",
            description = {"a broker property over the suite's defaults, for every broker (repeatable), e.g.",
                    "--broker-config broker.session.timeout.ms=4000"})
    private Map<String, String> brokerConfig = new LinkedHashMap<>();

    @Option(names = "--only", split = ",", paramLabel = "FAULT",
            description = {"inject only these faults (comma-separated): worker-kill, worker-restart, worker-term,",
                    "aggregator-same, aggregator-empty, broker-short, broker-long, broker-rolling, broker-at-start",
                    "(default: all)"})
    void only(List<String> names) {
        Set<FaultSuite.Fault> chosen = EnumSet.noneOf(FaultSuite.Fault.class);
        names.forEach(name -> chosen.add(OptionChecks.check(spec, "--only", () -> FaultSuite.Fault.named(name.strip()))));
        faults = chosen;
    }

    /** The faults --only names, checked while the command line is read; every fault without it. */
    private Set<FaultSuite.Fault> faults = EnumSet.allOf(FaultSuite.Fault.class);

    @Override
    public Integer call() throws Exception {
        Path work = workDir.create("trialstream-faults");
        FaultSuite.Settings settings = new FaultSuite.Settings(Duration.ofSeconds(shortOutage),
                Duration.ofSeconds(longOutage), trials, epochs, true, faults);
        List<FaultSuite.Recovery> rows;
        List<String> problems = new java.util.ArrayList<>();
        Cluster cluster = new Cluster(Launch.current(), work, brokers, brokerConfig);
        CloseOnExit cleanup = new CloseOnExit(cluster, "fault-suite-cleanup");
        FaultSuite suite = new FaultSuite(cluster, settings, System.err);
        try {
            suite.run();
        } catch (Exception e) {
            problems.add("the suite stopped: " + e);
        } finally {
            cleanup.close();
        }
        rows = suite.recoveries();
        problems.addAll(0, suite.problems());
        print(System.out, rows);
        problems.forEach(p -> System.out.println("FAILED: " + p));
        System.out.println(problems.isEmpty() ? "all checks passed: every trial ended exactly once, models reproduce "
                + "their test scores, every process ready" : problems.size() + " check(s) failed; logs in " + work);
        return problems.isEmpty() ? 0 : 1;
    }

    static void print(PrintStream out, List<FaultSuite.Recovery> rows) {
        out.println("fault\trecovery_s\tuntil\tnote");
        for (FaultSuite.Recovery row : rows) {
            out.printf(Locale.ROOT, "%s\t%.1f\t%s\t%s%n", row.fault(), row.seconds(), row.until(), row.note());
        }
    }
}
