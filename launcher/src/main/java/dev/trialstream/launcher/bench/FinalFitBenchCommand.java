package dev.trialstream.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trialstream.core.bundle.ModelBundle;
import dev.trialstream.core.data.Dataset;
import dev.trialstream.core.data.DatasetLoader;
import dev.trialstream.core.message.FinalFitMember;
import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.prep.PrepOptions;
import dev.trialstream.core.spec.TrainingSpec;
import dev.trialstream.core.training.CvJob;
import dev.trialstream.core.training.CvResult;
import dev.trialstream.core.training.EpochListener;
import dev.trialstream.core.training.FinalFitJob;
import dev.trialstream.core.training.FittedModel;
import dev.trialstream.core.training.ForwardingTrainer;
import dev.trialstream.core.training.Trainer;
import dev.trialstream.producer.cli.DataOptions;
import dev.trialstream.producer.cli.OptionChecks;
import dev.trialstream.worker.dl4j.Dl4jTrainer;
import dev.trialstream.worker.kafka.WorkerConfig;
import dev.trialstream.worker.training.BundlePredictor;
import dev.trialstream.worker.training.FinalFitter;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The final fit of a search's ensemble, stacked ({@link Trainer#finalFitPack}: networks that share
 * a shape as one computation) against one network after another, in one JVM, alternating: prints
 * the seconds of each run and how far apart the two bundles' test predictions are. The ensemble is
 * read from a {@code local --json} output (members, their parameters and epochs); member m's
 * networks get seeds {@code 1000 m, 1000 m + 1, ...}.
 */
@Command(name = "bench-finalfit", hidden = true, mixinStandardHelpOptions = true,
        description = "Benchmark: an ensemble's final fit stacked vs one network after another.")
public final class FinalFitBenchCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The fitting thread's CPU time: on a loaded machine it says more than the wall clock (ND4J runs one thread here). */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Spec
    private CommandSpec command;

    @Mixin
    private DataOptions data = new DataOptions();

    @Option(names = "--ensemble", required = true, paramLabel = "FILE",
            description = "a `local --json` output whose ensemble to fit")
    private Path ensembleFile;

    private int models;

    @Option(names = "--final-models", defaultValue = "3", paramLabel = "N",
            description = "networks per member (default ${DEFAULT-VALUE})")
    void models(int value) {
        models = OptionChecks.between(command, "--final-models", value, 1, TrainingSpec.MAX_FINAL_MODELS);
    }

    private int repeat;

    @Option(names = "--repeat", defaultValue = "2", paramLabel = "N",
            description = "runs of each way, alternating one by one / stacked; the first pair includes JIT warm-up (default ${DEFAULT-VALUE})")
    void repeat(int value) {
        repeat = OptionChecks.between(command, "--repeat", value, 1, PackBenchCommand.MAX_REPEAT);
    }

    private int threads;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
            description = "final-fit threads of the stacked side; above 1 the other side is the stacked fit on one"
                    + " thread, not one by one (default ${DEFAULT-VALUE})")
    void threads(int value) {
        threads = OptionChecks.between(command, "--threads", value, 1, WorkerConfig.MAX_SLOTS);
    }

    @Override
    public Integer call() throws Exception {
        Dataset dataset = new DatasetLoader().load(data.require());
        List<FinalFitMember> members = members(JSON.readTree(ensembleFile.toFile()));
        Dl4jTrainer stacked = new Dl4jTrainer(threads);
        Trainer oneByOne = threads > 1 ? new Dl4jTrainer(1) : new OneByOne(stacked);
        List<Double> serialSeconds = new ArrayList<>();
        List<Double> serialCpu = new ArrayList<>();
        List<Double> stackedSeconds = new ArrayList<>();
        List<Double> stackedCpu = new ArrayList<>();
        ModelBundle serial = null;
        ModelBundle packed = null;
        for (int run = 0; run < repeat; run++) {
            serial = timed(oneByOne, dataset, members, serialSeconds, serialCpu);
            packed = timed(stacked, dataset, members, stackedSeconds, stackedCpu);
        }
        double[] serialPredicted = new BundlePredictor(stacked, serial).predict(dataset.test());
        double[] packedPredicted = new BundlePredictor(stacked, packed).predict(dataset.test());
        double maxDiff = 0;
        for (int i = 0; i < serialPredicted.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(serialPredicted[i] - packedPredicted[i]));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("backend", stacked.backend());
        out.put("dataset", dataset.name());
        out.put("ensemble", ensembleFile.toString());
        out.put("members", members.stream().map(m -> m.trialId() + " " + m.params().describe() + " epochs " + m.epochs())
                .toList());
        out.put("networks", members.size() * models);
        out.put("threads", threads);
        out.put("cpu_seconds_of", threads > 1 ? "the process" : "the fitting thread");
        out.put("baseline", threads > 1 ? "stacked on one thread (the one_by_one_* fields)" : "one by one");
        out.put("one_by_one_seconds", serialSeconds);
        out.put("one_by_one_cpu_seconds", serialCpu);
        out.put("stacked_seconds", stackedSeconds);
        out.put("stacked_cpu_seconds", stackedCpu);
        out.put("one_by_one_over_stacked", round(last(serialSeconds) / last(stackedSeconds)));
        out.put("one_by_one_over_stacked_cpu", round(last(serialCpu) / last(stackedCpu)));
        out.put("test_mae_one_by_one", serial.info().test().mae());
        out.put("test_mae_stacked", packed.info().test().mae());
        out.put("max_abs_prediction_diff", maxDiff);
        System.out.println(JSON.writeValueAsString(out));
        return 0;
    }

    private ModelBundle timed(Trainer trainer, Dataset dataset, List<FinalFitMember> members, List<Double> seconds,
                              List<Double> cpu) {
        long started = System.nanoTime();
        long cpuStarted = cpuTime();
        ModelBundle bundle = new FinalFitter(trainer, Clock.systemUTC()).fitEnsemble(dataset, PrepOptions.DEFAULTS,
                members, members.get(0), models, new FinalFitter.Origin("bench", members.get(0).trialId()));
        seconds.add(round((System.nanoTime() - started) / 1e9));
        cpu.add(round((cpuTime() - cpuStarted) / 1e9));
        return bundle;
    }

    /**
     * CPU time in nanoseconds: the fitting thread's with one final-fit thread (as before there was
     * a choice), the whole process's with several (the fitting is then on threads of their own).
     */
    private long cpuTime() {
        return threads > 1 ? ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() : THREADS.getCurrentThreadCpuTime();
    }

    /** The ensemble's members with the parameters and epochs of their trials, as the aggregator sends them. */
    private static List<FinalFitMember> members(JsonNode report) {
        JsonNode ensemble = report.path("ensemble").path("members");
        if (!ensemble.isArray() || ensemble.isEmpty()) {
            throw new IllegalArgumentException("no ensemble members in the report (expected ensemble.members[])");
        }
        Map<String, JsonNode> trials = new LinkedHashMap<>();
        report.path("trials").forEach(t -> trials.put(t.path("trial_id").asText(), t));
        List<FinalFitMember> members = new ArrayList<>();
        for (JsonNode member : ensemble) {
            String id = member.path("trial_id").asText();
            JsonNode trial = trials.get(id);
            if (trial == null) {
                throw new IllegalArgumentException("ensemble member " + id + " is not among the report's trials");
            }
            Map<String, Object> params = JSON.convertValue(trial.path("params"), Map.class);
            members.add(new FinalFitMember(id, Hyperparameters.fromMap(params), 1000L * members.size(),
                    trial.path("epochs").asInt(), member.path("weight").asDouble()));
        }
        return members;
    }

    private static double last(List<Double> runs) {
        return runs.get(runs.size() - 1);
    }

    private static double round(double value) {
        return Math.round(value * 1e4) / 1e4;
    }

    /** The same DL4J training without stacking: {@link Trainer#finalFitPack}'s default, one job after another. */
    private static final class OneByOne extends ForwardingTrainer {
        OneByOne(Trainer inner) {
            super(inner);
        }
    }
}
