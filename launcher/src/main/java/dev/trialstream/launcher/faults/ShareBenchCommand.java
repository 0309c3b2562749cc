package dev.trialstream.launcher.faults;

import dev.trialstream.producer.cli.OptionChecks;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trialstream bench-share}: the worker's classic consumer group against a share group
 * (KIP-932) for the trials, on the same fake trials, with a broker process and consumer child
 * JVMs; prints one row per scenario and design. {@code bench/share.sh} runs it.
 */
@Command(name = "bench-share", hidden = true, mixinStandardHelpOptions = true,
        description = {"Classic group (static membership, transactions) vs share group (KIP-932) for the trials:",
                "a broker process and three consumer JVMs per run; kill -9 and SIGSTOP a consumer mid-trial,",
                "queue a long trial with short ones; prints recovery times, redone trials and duplicates."})
public final class ShareBenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec command;

    @Mixin
    private WorkDirOption workDir = new WorkDirOption();

    private int repeats;

    @Option(names = "--repeats", defaultValue = "1", paramLabel = "N", description = "runs of each scenario and design (default ${DEFAULT-VALUE})")
    void repeats(int value) {
        repeats = OptionChecks.between(command, "--repeats", value, 1, Integer.MAX_VALUE);
    }

    private int lock;

    @Option(names = "--lock", defaultValue = "10", paramLabel = "SECONDS",
            description = "the share group's record lock (share.record.lock.duration.ms; default ${DEFAULT-VALUE})")
    void lock(int value) {
        lock = OptionChecks.between(command, "--lock", value, 1, 3600);
    }

    private int freeze;

    @Option(names = "--freeze", defaultValue = "15", paramLabel = "SECONDS",
            description = "how long the frozen consumer stays stopped (default ${DEFAULT-VALUE})")
    void freeze(int value) {
        freeze = OptionChecks.between(command, "--freeze", value, 1, 3600);
    }

    @Option(names = "--scenarios", split = ",", defaultValue = "kill,freeze,imbalance", paramLabel = "NAME",
            description = "kill, freeze, imbalance (default ${DEFAULT-VALUE})")
    private List<String> scenarios;

    @Option(names = "--variants", split = ",", defaultValue = "classic/8,share/8,share/1", paramLabel = "VARIANT",
            description = "DESIGN/PARTITIONS, the design and its trials-topic partition count (default ${DEFAULT-VALUE})")
    private List<String> variants;

    @Override
    public Integer call() throws Exception {
        ShareBench.Settings settings = new ShareBench.Settings(variants(), scenarios.stream().map(ShareBenchCommand::scenario)
                .toList(), repeats,
                Duration.ofSeconds(lock), Duration.ofSeconds(freeze));
        Path work = workDir.create("trialstream-share");
        Cluster cluster = new Cluster(Launch.current(), work, ShareBench.brokerOverrides());
        CloseOnExit cleanup = new CloseOnExit(cluster, "bench-share-cleanup");
        ShareBench bench = new ShareBench(cluster, settings, System.err);
        String failure = null;
        try {
            cluster.startBrokers(Duration.ofSeconds(120));
            bench.run();
        } catch (Exception e) {
            failure = e.toString();
        } finally {
            cleanup.close();
        }
        print(System.out, bench.rows());
        if (failure != null) {
            System.out.println("FAILED: the bench stopped: " + failure + " (logs in " + work + ")");
            return 1;
        }
        return 0;
    }

    private static ShareBench.Scenario scenario(String name) {
        try {
            return ShareBench.Scenario.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--scenarios: expected kill, freeze or imbalance, found '" + name + "'");
        }
    }

    private List<ShareBench.Variant> variants() {
        List<ShareBench.Variant> list = new ArrayList<>();
        for (String v : variants) {
            String[] parts = v.strip().split("/");
            if (parts.length != 2 || !(parts[0].equals("classic") || parts[0].equals("share"))
                    || !parts[1].matches("[1-9][0-9]{0,2}")) {
                throw new IllegalArgumentException("--variants: expected classic/N or share/N, found '" + v + "'");
            }
            list.add(new ShareBench.Variant(parts[0], Integer.parseInt(parts[1])));
        }
        return list;
    }

    static void print(PrintStream out, List<ShareBench.Row> rows) {
        out.println("scenario\tdesign\trun\trecovery_s\tall_started_s\tall_done_s\ttrials\tstarts\tterminal\tduplicated\tload1\tnote");
        for (ShareBench.Row r : rows) {
            out.printf(Locale.ROOT, "%s\t%s\t%d\t%.1f\t%.1f\t%.1f\t%d\t%d\t%d\t%d\t%s\t%s%n",
                    r.scenario().name().toLowerCase(Locale.ROOT), r.variant().label(), r.run(), r.recovery(),
                    r.allStarted(), r.allDone(), r.trials(), r.starts(), r.done(), r.duplicated(), r.load(), r.note());
        }
    }
}
