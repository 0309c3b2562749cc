package dev.trialstream.launcher.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trialstream.core.data.Dataset;
import dev.trialstream.core.data.DatasetLoader;
import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.spec.CvSpec;
import dev.trialstream.core.spec.TrainingSpec;
import dev.trialstream.core.training.CvJob;
import dev.trialstream.core.training.CvPlan;
import dev.trialstream.core.training.CvResult;
import dev.trialstream.core.training.EpochListener;
import dev.trialstream.core.training.FoldData;
import dev.trialstream.launcher.cli.UniqueParams;
import dev.trialstream.producer.cli.DataOptions;
import dev.trialstream.producer.cli.OptionChecks;
import dev.trialstream.worker.dl4j.Dl4jTrainer;
import dev.trialstream.worker.training.CrossValidator;
import java.util.ArrayList;
import java.util.Collections;
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
 * Trial packing: cross-validates a grid of trials that differ only in learning rate and dropout,
 * once as one pack ({@link Dl4jTrainer#crossValidatePack}) and once one trial at a time, in one
 * JVM, and prints seconds per trial for both and how far apart their curves are.
 * {@code bench/packing.sh} runs it beside the PyTorch peer.
 */
@Command(name = "bench-pack", hidden = true, mixinStandardHelpOptions = true,
        description = {"Benchmark: trials of one shape trained as one stacked network vs one at a time.",
                "Trials are the grid --learning-rates × --dropouts over --param; trial t has seed --train-seed + t."})
public final class PackBenchCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The training thread's CPU time: on a loaded machine it says more than the wall clock (ND4J runs one thread here). */
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /** The most runs of each way a bench repeats: far beyond any use, below an overflow of its lists. */
    static final int MAX_REPEAT = 10_000;

    @Spec
    private CommandSpec command;

    @Mixin
    private DataOptions data = new DataOptions();

    @Option(names = "--param", paramLabel = "NAME=VALUE", parameterConsumer = UniqueParams.class,
            description = "a hyperparameter shared by every trial, repeatable")
    private Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--learning-rates", split = ",", paramLabel = "LR",
            defaultValue = "0.0005,0.001,0.002,0.004", description = "(default ${DEFAULT-VALUE})")
    private List<Double> learningRates;

    @Option(names = "--dropouts", split = ",", paramLabel = "P", defaultValue = "0,0.1,0.2,0.3",
            description = "(default ${DEFAULT-VALUE})")
    private List<Double> dropouts;

    private int folds;

    @Option(names = "--folds", defaultValue = "3", paramLabel = "K", description = "(default ${DEFAULT-VALUE})")
    void folds(int value) {
        folds = OptionChecks.between(command, "--folds", value, 2, CvSpec.MAX_FOLDS);
    }

    private int epochs;

    @Option(names = "--epochs", defaultValue = "100", paramLabel = "N", description = "(default ${DEFAULT-VALUE})")
    void epochs(int value) {
        epochs = OptionChecks.between(command, "--epochs", value, 1, TrainingSpec.MAX_EPOCHS);
    }

    @Option(names = "--train-seed", defaultValue = "0", paramLabel = "S", description = "(default ${DEFAULT-VALUE})")
    private long seed;

    private int repeat;

    @Option(names = "--repeat", defaultValue = "3", paramLabel = "N",
            description = "packed runs; the first includes JIT warm-up (default ${DEFAULT-VALUE})")
    void repeat(int value) {
        repeat = OptionChecks.between(command, "--repeat", value, 1, MAX_REPEAT);
    }

    private int sequential;

    @Option(names = "--sequential", defaultValue = "4", paramLabel = "N",
            description = "how many of the trials also train one at a time, after the packed runs (default ${DEFAULT-VALUE}; 0: none)")
    void sequential(int value) {
        sequential = OptionChecks.between(command, "--sequential", value, 0, Integer.MAX_VALUE);
    }

    @Override
    public Integer call() throws Exception {
        Dataset dataset = new DatasetLoader().load(data.require());
        CvPlan plan = new CvPlan(folds, seed, epochs, 0, true);
        List<FoldData> prepared = new CrossValidator(new Dl4jTrainer()).folds(dataset, plan);
        List<CvJob> jobs = new ArrayList<>();
        for (double lr : learningRates) {
            for (double dropout : dropouts) {
                Map<String, Object> values = new LinkedHashMap<>(params);
                values.put("learningRate", lr);
                values.put("dropout", dropout);
                jobs.add(new CvJob(Hyperparameters.fromMap(values), seed + jobs.size(), plan, prepared));
            }
        }
        Dl4jTrainer trainer = new Dl4jTrainer();
        List<EpochListener> listeners = Collections.nCopies(jobs.size(), EpochListener.CONTINUE);
        List<Double> packedSeconds = new ArrayList<>();
        List<Double> packedCpu = new ArrayList<>();
        List<CvResult> packed = null;
        for (int run = 0; run < repeat; run++) {
            long started = System.nanoTime();
            long cpu = THREADS.getCurrentThreadCpuTime();
            packed = trainer.crossValidatePack(jobs, listeners);
            packedSeconds.add(round((System.nanoTime() - started) / 1e9));
            packedCpu.add(round((THREADS.getCurrentThreadCpuTime() - cpu) / 1e9));
        }
        int alone = Math.min(sequential, jobs.size());
        double aloneSeconds = 0;
        double aloneCpu = 0;
        double maxDiff = 0;
        for (int t = 0; t < alone; t++) {
            long started = System.nanoTime();
            long cpu = THREADS.getCurrentThreadCpuTime();
            CvResult one = trainer.crossValidate(jobs.get(t), EpochListener.CONTINUE);
            aloneSeconds += (System.nanoTime() - started) / 1e9;
            aloneCpu += (THREADS.getCurrentThreadCpuTime() - cpu) / 1e9;
            maxDiff = Math.max(maxDiff, maxRelativeDifference(one.curve(), packed.get(t).curve()));
        }
        double warmPacked = warmest(packedSeconds);
        double warmPackedCpu = warmest(packedCpu);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("backend", trainer.backend());
        out.put("dataset", dataset.name());
        out.put("train_rows", dataset.train().rows());
        out.put("folds", folds);
        out.put("epochs", epochs);
        out.put("params", jobs.get(0).params().describe());
        out.put("trials", jobs.size());
        out.put("members", jobs.size() * folds);
        out.put("packed_run_seconds", packedSeconds);
        out.put("packed_run_cpu_seconds", packedCpu);
        out.put("packed_s_per_trial", round(warmPacked / jobs.size()));
        out.put("packed_cpu_s_per_trial", round(warmPackedCpu / jobs.size()));
        out.put("alone_trials", alone);
        if (alone > 0) {
            out.put("alone_s_per_trial", round(aloneSeconds / alone));
            out.put("alone_cpu_s_per_trial", round(aloneCpu / alone));
            out.put("alone_over_packed", round(aloneSeconds / alone / (warmPacked / jobs.size())));
            out.put("max_curve_rel_diff", maxDiff);
        }
        out.put("cv_mse", packed.stream().map(r -> round(r.cvMse())).toList());
        System.out.println(JSON.writeValueAsString(out));
        return 0;
    }

    /** The fastest run after the first (which includes JIT warm-up), or the only run. */
    private double warmest(List<Double> runs) {
        return runs.stream().skip(runs.size() > 1 ? 1 : 0).mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    private static double maxRelativeDifference(List<Double> a, List<Double> b) {
        if (a.size() != b.size()) {
            return Double.POSITIVE_INFINITY;
        }
        double max = 0;
        for (int i = 0; i < a.size(); i++) {
            max = Math.max(max, Math.abs(a.get(i) - b.get(i)) / Math.max(1e-12, Math.abs(a.get(i))));
        }
        return max;
    }

    private static double round(double value) {
        return Math.round(value * 1e4) / 1e4;
    }
}
