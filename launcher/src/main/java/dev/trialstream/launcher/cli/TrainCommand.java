package dev.trialstream.launcher.cli;

import static dev.trialstream.core.text.Figures.number;
import static dev.trialstream.core.text.Figures.scores;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trialstream.core.bundle.ModelBundle;
import dev.trialstream.core.data.Dataset;
import dev.trialstream.core.data.DatasetLoader;
import dev.trialstream.core.metrics.CvScores;
import dev.trialstream.core.metrics.RegressionMetrics;
import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.spec.TrainingSpec;
import dev.trialstream.core.status.TrialState;
import dev.trialstream.core.training.CvPlan;
import dev.trialstream.core.training.CvResult;
import dev.trialstream.core.training.EpochListener;
import dev.trialstream.core.training.RawTargetScale;
import dev.trialstream.core.spec.CvSpec;
import dev.trialstream.launcher.local.Interrupts;
import dev.trialstream.launcher.local.SavedBundle;
import dev.trialstream.producer.cli.DataOptions;
import dev.trialstream.producer.cli.OptionChecks;
import dev.trialstream.producer.cli.OutputFile;
import dev.trialstream.producer.cli.TrainingOptions;
import dev.trialstream.producer.cli.VerboseOption;
import dev.trialstream.worker.dl4j.Dl4jTrainer;
import dev.trialstream.worker.training.CrossValidator;
import dev.trialstream.worker.training.FinalFitter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trialstream train}: k-fold CV of one configuration, no Kafka. */
@Command(name = "train", mixinStandardHelpOptions = true, resourceBundle = "dev.trialstream.launcher.cli.TrainHelp",
        description = {"Cross-validate one configuration (folds in lockstep) and print its CV MSE; no Kafka.",
                "Parameters not given take their defaults: hiddenLayers=2 neurons=64 dropout=0 activation=relu "
                        + "optimizer=adam learningRate=0.001 batchSize=32 weightInit=xavier lrSchedule=none l2=0."})
public final class TrainCommand implements Callable<Integer> {

    /** The most --repeat runs: far beyond any benchmark, below an overflow of the list of their times. */
    private static final int MAX_REPEAT = 10_000;

    private static final ObjectMapper JSON = CliJson.MAPPER;

    /** The reason a run cut short by Ctrl-C gives. */
    static final String INTERRUPTED = "interrupted (Ctrl-C)";

    /** Whether the cross-validation is over and the final fit runs: what a first Ctrl-C can still stop. */
    private volatile boolean finalFit;

    private java.util.List<Double> runs = java.util.List.of();
    private java.util.List<Double> cpuRuns = java.util.List.of();

    @Spec
    private picocli.CommandLine.Model.CommandSpec command;

    @Mixin
    private DataOptions data = new DataOptions();

    @Option(names = "--param", paramLabel = "NAME=VALUE", parameterConsumer = UniqueParams.class,
            description = "a hyperparameter, repeatable: --param learningRate=0.01")
    private Map<String, String> params = new LinkedHashMap<>();

    @Mixin
    private TrainingOptions training = new TrainingOptions();

    @Option(names = "--patience", defaultValue = "0", paramLabel = "N",
            description = "stop after N epochs without improvement; 0 = off")
    private int patience;

    @Option(names = "--train-seed", defaultValue = "0", paramLabel = "S",
            description = "seeds the folds, the weights and the batch order (default ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--no-standardize-target", negatable = false, description = "train on the raw target")
    private boolean rawTarget;

    @Option(names = "--save-model", paramLabel = "FILE",
            description = "also train on the whole training set, score the test split, and write a model bundle")
    private Path saveModel;

    @Option(names = "--json", description = "print one JSON object instead of a table")
    private boolean json;

    @Mixin
    private VerboseOption verbose = new VerboseOption();

    private int repeat;

    @Option(names = "--repeat", defaultValue = "1", paramLabel = "N",
            description = "benchmarking: run the CV N times in this JVM and report each run's seconds "
                    + "(the first includes JIT warm-up); results are identical, the last is printed")
    void repeat(int value) {
        repeat = OptionChecks.between(command, "--repeat", value, 1, MAX_REPEAT);
    }

    @Override
    public Integer call() throws Exception {
        if (saveModel != null) {
            OutputFile.requireWritable("--save-model", saveModel); // before the training, not after it
            OutputFile.requireNotInput("--save-model", saveModel, data.inputFiles());
        }
        int folds = training.folds() != null ? training.folds() : CvSpec.DEFAULT_FOLDS;
        int epochs = training.epochs() != null ? training.epochs() : TrainingSpec.DEFAULT_MAX_EPOCHS;
        int finalModels = training.finalModels() != null ? training.finalModels() : 1;
        Hyperparameters hyper = hyperparameters();
        Dataset dataset = new DatasetLoader().load(data.require());
        RawTargetScale.of(!rawTarget, dataset.train().numeric(dataset.target()).values())
                .ifPresent(scale -> command.commandLine().getErr().println("note: " + scale.note(dataset.target())));
        CvPlan plan = new CvPlan(folds, seed, epochs, patience, !rawTarget);
        Dl4jTrainer trainer = new Dl4jTrainer();
        PrintWriter err = command.commandLine().getErr();
        EpochListener progress = verbose.verbose() ? report -> {
            err.printf(Locale.ROOT, "epoch %d cv_mse %s%n", report.epoch(), number(report.meanMse(), 4));
            err.flush();
            return Optional.empty();
        } : EpochListener.CONTINUE;
        AtomicBoolean interrupted = new AtomicBoolean();
        new Interrupts(() -> interrupt(interrupted, err), () -> {
            err.println();
            err.println("trialstream train: interrupted again: quitting" + (saveModel == null ? "" : ", no model written"));
            err.flush();
            System.exit(130);
        }).install();
        EpochListener listener = report -> interrupted.get() ? Optional.of(INTERRUPTED) : progress.afterEpoch(report);
        CrossValidator validator = new CrossValidator(trainer);
        java.util.List<Double> runSeconds = new java.util.ArrayList<>();
        java.util.List<Double> cpuSeconds = new java.util.ArrayList<>();
        CvResult result = null;
        for (int run = 0; run < repeat && (run == 0 || !interrupted.get()); run++) {
            long cpuBefore = ProcessCpu.nanos();
            result = validator.run(dataset, plan, hyper, seed, listener);
            runSeconds.add(Math.round(result.seconds() * 1000) / 1000.0);
            if (cpuBefore >= 0) {
                cpuSeconds.add(Math.round((ProcessCpu.nanos() - cpuBefore) / 1e6) / 1000.0);
            }
        }
        this.runs = runSeconds;
        this.cpuRuns = cpuSeconds;

        ModelBundle bundle = null;
        SavedBundle saved = null;
        if (saveModel != null && result.state() != TrialState.FAILED) {
            finalFit = true;
            bundle = new FinalFitter(trainer, Clock.systemUTC()).fit(dataset, plan.prep(), hyper, seed,
                    TrainingSpec.defaults().finalEpochs(result.epochs()), finalModels,
                    FinalFitter.Origin.standalone(result.cvMse()));
            // The results stand though the file may not: they are printed whatever the write does.
            saved = SavedBundle.save(bundle, saveModel, "train");
        }
        PrintWriter out = command.commandLine().getOut();
        Path model = saved == null ? null : saved.model();
        if (json) {
            out.println(JSON.writeValueAsString(toJson(dataset, folds, hyper, result, bundle, model)));
        } else {
            printTable(out, dataset, hyper, result, bundle, model);
        }
        out.flush();
        if (saved != null && saved.problem() != null) {
            err.println("trialstream train: " + saved.problem());
            return 1;
        }
        return result.state() == TrialState.FAILED ? 1 : 0;
    }

    /**
     * Ctrl-C: the cross-validation stops after the epoch it is in, and what it measured is printed
     * (and fitted, with --save-model) as for a run that ended; in the final fit, that goes on. Without
     * a handler the JVM exited at once and printed nothing, however many epochs it had trained.
     */
    private void interrupt(AtomicBoolean interrupted, PrintWriter err) {
        interrupted.set(true);
        err.println();
        err.println("trialstream train: interrupted: " + (finalFit
                ? "the final fit goes on and writes --save-model " + saveModel + " (Ctrl-C again quits at once, without it)"
                : "the cross-validation stops after this epoch and prints its scores"
                + (saveModel == null ? "" : ", then the final fit writes --save-model " + saveModel)
                + " (Ctrl-C again quits at once" + (saveModel == null ? ")" : ", without it)")));
        err.flush();
    }

    /** The configuration {@code --param} gives, the defaults for the rest; a bad name or value names the flag. */
    private Hyperparameters hyperparameters() {
        try {
            return Hyperparameters.fromMap(params);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--param: " + e.getMessage(), e);
        }
    }

    private ObjectNode toJson(Dataset dataset, int folds, Hyperparameters hyper, CvResult result, ModelBundle bundle,
                            Path model) {
        ObjectNode node = JSON.createObjectNode();
        node.put("dataset", dataset.name());
        node.put("train_rows", dataset.train().rows());
        node.put("folds", folds);
        node.set("params", JSON.valueToTree(hyper));
        node.put("status", result.state().wireName());
        result.scores().ifPresentOrElse(scores -> CvScoresJson.put(node, scores), () -> CvScoresJson.putNone(node));
        node.set("fold_mse", JSON.valueToTree(foldMse(result)));
        node.put("epochs", result.epochs());
        node.put("seconds", Math.round(result.seconds() * 1000) / 1000.0);
        if (runs.size() > 1) {
            node.set("run_seconds", JSON.valueToTree(runs));
        }
        if (!cpuRuns.isEmpty()) {
            // The whole process's CPU time over each run (training, GC, JIT; the first run also prepares the folds).
            node.set("run_cpu_seconds", JSON.valueToTree(cpuRuns));
        }
        node.put("reason", result.reason());
        if (bundle != null) {
            node.set("test", JSON.valueToTree(bundle.info().test()));
            node.put("final_models", bundle.info().models());
            node.set("member_test", JSON.valueToTree(bundle.info().memberTests()));
            node.set("left_out", JSON.valueToTree(bundle.info().leftOut()));
            node.put("model", model == null ? null : model.toString());
        }
        return node;
    }

    private static List<Double> foldMse(CvResult result) {
        return result.scores().map(CvScores::foldMse).orElse(List.of());
    }

    private void printTable(PrintWriter out, Dataset dataset, Hyperparameters hyper, CvResult result, ModelBundle bundle,
                            Path model) {
        out.printf(Locale.ROOT, "dataset  %s (%d training rows)%n", dataset.name(), dataset.train().rows());
        out.printf(Locale.ROOT, "params   %s%n", hyper.describe());
        List<Double> foldMse = foldMse(result);
        for (int f = 0; f < foldMse.size(); f++) {
            out.printf(Locale.ROOT, "fold %-3d val_mse %10s%n", f + 1, number(foldMse.get(f), 4));
        }
        out.printf(Locale.ROOT, "cv_mse   %s ± %s   epochs %d   %s   %.2f s%n", number(result.cvMse(), 4),
                number(result.scores().map(CvScores::mseStd).orElse(Double.NaN), 4), result.epochs(),
                result.state().wireName(), result.seconds());
        RegressionMetrics cv = result.scores().map(CvScores::mean).orElse(RegressionMetrics.none());
        if (Double.isFinite(cv.mae())) {
            out.printf(Locale.ROOT, "cv       rmse %s mae %s r2 %s (means over folds)%n", number(cv.rmse(), 4),
                    number(cv.mae(), 4), number(cv.r2(), 4));
        }
        if (!result.reason().isEmpty()) {
            out.printf("reason   %s%n", result.reason());
        }
        if (bundle != null) {
            RegressionMetrics test = bundle.info().test();
            out.printf(Locale.ROOT, "test     n=%d %s%n", test.n(), scores(test));
            if (bundle.info().models() > 1 && test.n() > 0) {
                DoubleSummaryStatistics alone = bundle.info().memberTests().stream()
                        .mapToDouble(RegressionMetrics::mae).summaryStatistics();
                out.printf(Locale.ROOT, "         the mean of %d networks; each alone: mae %s to %s%n",
                        bundle.info().models(), number(alone.getMin(), 4), number(alone.getMax(), 4));
            }
            out.printf("model    %s%n", model == null ? "(not written)" : model);
            bundle.info().leftOut().forEach(leftOut -> out.printf("left out of the final model: %s%n", leftOut));
        }
    }
}
