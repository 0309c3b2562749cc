package dev.trialstream.launcher.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trialstream.core.bundle.BundleInfo;
import dev.trialstream.core.bundle.ModelBundle;
import dev.trialstream.core.data.DataSpec;
import dev.trialstream.core.message.EnsembleMember;
import dev.trialstream.core.message.EnsembleSummary;
import dev.trialstream.core.message.LeaderboardEntry;
import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.StoppedTrial;
import dev.trialstream.core.metrics.RegressionMetrics;
import dev.trialstream.core.pruning.PruningPlans;
import dev.trialstream.core.spec.PruningPolicy;
import dev.trialstream.core.spec.StrategyType;
import dev.trialstream.core.status.TrialState;
import dev.trialstream.core.text.Plural;
import dev.trialstream.launcher.local.Interrupts;
import dev.trialstream.launcher.local.LocalPipeline;
import dev.trialstream.launcher.local.LocalResult;
import dev.trialstream.launcher.local.LocalRun;
import dev.trialstream.producer.cli.DataOptions;
import dev.trialstream.producer.cli.LeaderboardText;
import dev.trialstream.producer.cli.PreparedSearch;
import dev.trialstream.producer.cli.ProgressDisplay;
import dev.trialstream.producer.cli.OptionChecks;
import dev.trialstream.producer.cli.OutputFile;
import dev.trialstream.producer.cli.SpecOptions;
import dev.trialstream.producer.cli.TrainingOptions;
import dev.trialstream.producer.cli.VerboseOption;
import dev.trialstream.producer.cli.WaitOptions;
import dev.trialstream.worker.dl4j.Dl4jTrainer;
import dev.trialstream.worker.kafka.WorkerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trialstream local}: a whole search through the real pipeline, in one JVM. */
@Command(name = "local", mixinStandardHelpOptions = true, resourceBundle = "dev.trialstream.launcher.cli.LocalHelp",
        description = {"Run a whole search on this machine, through the real pipeline in one JVM.",
                "An embedded Kafka broker, the aggregator and N worker slots; prints progress, the leaderboard "
                        + "and the final model's test scores, and writes the model bundle. Data: --spec FILE, or "
                        + "--dataset NAME (with its default space), or --data FILE --target COLUMN."})
public final class LocalCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = CliJson.MAPPER;

    @Spec
    private picocli.CommandLine.Model.CommandSpec command;

    private Path specFile;

    @Option(names = "--spec", paramLabel = "FILE", description = "a search spec (YAML)")
    void specFile(String value) {
        specFile = OptionChecks.file(command, "--spec", value);
    }

    @Mixin
    private DataOptions data = new DataOptions();

    @Mixin
    private SpecOptions overrides = new SpecOptions();

    @Mixin
    private TrainingOptions training = new TrainingOptions();

    private int workers = Runtime.getRuntime().availableProcessors();

    @Option(names = "--out", paramLabel = "FILE", description = "model bundle path (default models/SEARCH_ID.zip)")
    private Path out;

    private int httpPort;

    @Option(names = "--http-port", defaultValue = "-1", paramLabel = "PORT",
            description = "serve the search page at http://localhost:PORT/ (and leaderboards at /searches) while"
                    + " running (default: off)")
    void httpPort(int value) {
        httpPort = dev.trialstream.producer.cli.OptionChecks.port(command, "--http-port", value);
    }

    @Mixin
    private WaitOptions wait = new WaitOptions();

    @Mixin
    private PackOptions pack = new PackOptions();

    @Mixin
    private VerboseOption verbose = new VerboseOption();

    @Option(names = "--json", description = "print one JSON summary instead of the leaderboard table")
    private boolean json;

    @Option(names = "--workers", paramLabel = "N", description = "worker slots, 1-256 (default: the CPU count)")
    void workers(int value) {
        workers = OptionChecks.between(command, "--workers", value, 1, WorkerConfig.MAX_SLOTS);
    }

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "write the search page as one self-contained HTML file (charts and data inlined)")
    private Path report;

    @Override
    public Integer call() throws Exception {
        LocalRun.Settings settings = settings();
        int slots = settings.workers();
        PreparedSearch search = PreparedSearch.of(specFile, data, overrides.toOverrides(training),
                LocalPipeline.ADAPTIVE_TRIALS_PER_SLOT * slots);
        // The files written at the end are checked now, not after the whole search.
        Map<String, Path> inputs = inputFiles(search);
        if (out != null) {
            OutputFile.requireWritable("--out", out);
            OutputFile.requireNotInput("--out", out, inputs);
        }
        if (report != null) {
            OutputFile.requireWritable("--report", report);
            OutputFile.requireNotInput("--report", report, inputs);
        }
        PrintWriter err = command.commandLine().getErr();
        err.printf("trialstream local: %s on %s — %s; ≤%s each, %d-fold CV, %s, %s%n",
                search.spec().name(), search.dataset().name(), search.strategy().describe(),
                Plural.of(search.spec().training().maxEpochs(), "epoch"), search.spec().cv().folds(),
                Plural.of(slots, "worker slot"), PackOptions.describe(settings.pack()));
        search.notes().forEach(note -> err.println("note: " + note));
        if (search.spec().pruning().policy() == PruningPolicy.ASHA && search.spec().strategy().type() != StrategyType.HYPERBAND) {
            err.printf("early stopping: %s%n",
                    PruningPlans.of(search.spec(), search.strategy().initialTrials().size()).ashaSchedule().describe());
        }
        err.flush();
        ProgressDisplay display = ProgressDisplay.forConsole(err);
        // The final fit runs once every trial has ended, so every slot is free to share it.
        LocalRun run = new LocalRun(new Dl4jTrainer(slots), Clock.systemUTC());
        new Interrupts(() -> finish(run, err), () -> stopNow(run, err), () -> {
            err.println();
            err.println("trialstream local: interrupted again: quitting without the final model");
            err.flush();
            System.exit(130);
        }).install();
        LocalResult result = run.run(search, settings, display::offer);
        PrintWriter stdout = command.commandLine().getOut();
        if (json) {
            stdout.println(JSON.writeValueAsString(summary(result)));
        } else {
            stdout.print(LeaderboardText.table(result.leaderboard()));
            if (result.model() != null) {
                stdout.print(LeaderboardText.members(ModelBundle.read(result.model()).info()));
            }
            stdout.printf(Locale.ROOT, "model bundle: %s%nwall time: %.1f s%n",
                    result.model() == null ? "(none: no trial completed)" : result.model(), result.wallSeconds());
        }
        stdout.flush();
        boolean written = true;
        if (report != null && result.page() != null) {
            try {
                SearchReport.write(report, result.page());
                err.printf("search page: %s%n", report);
            } catch (IllegalArgumentException e) {
                err.println("trialstream local: " + e.getMessage()); // the results above stand
                written = false;
            }
        }
        if (result.modelProblem() != null) {
            err.println("trialstream local: " + result.modelProblem());
            return 1;
        }
        return result.model() == null || !written ? 1 : 0;
    }

    /** Ctrl-C: the search starts no more trials, those running end, and it keeps what it found. */
    private static void finish(LocalRun run, PrintWriter err) {
        boolean fitting = run.inFinalFit();
        interrupted(err, run.finish("interrupted (Ctrl-C)"), id -> fitting ? inFinalFit("interrupted: ", id, "twice more")
                : "interrupted: " + id + " starts no more trials; those running end as they would, then the final"
                + " model is fitted on the trials that completed (Ctrl-C again stops the running trials now)");
    }

    /** Ctrl-C again: the running trials stop too, and the search still keeps what it found. */
    private static void stopNow(LocalRun run, PrintWriter err) {
        boolean fitting = run.inFinalFit();
        interrupted(err, run.stopNow("interrupted twice (Ctrl-C)"), id -> fitting
                ? inFinalFit("interrupted again: ", id, "once more")
                : "interrupted again: " + id + "'s running trials stop now; the final model is fitted on the trials"
                + " that completed (Ctrl-C once more quits at once, without it)");
    }

    /** What Ctrl-C says during the final fit, which it does not stop (every trial has ended). */
    static String inFinalFit(String press, String searchId, String quitAfter) {
        return press + searchId + " is in its final fit (every trial has ended), which goes on and writes the model"
                + " (Ctrl-C " + quitAfter + " quits at once, without it)";
    }

    /** Says what an interrupt asked of the search; with no search running, the run just ends. */
    private static void interrupted(PrintWriter err, Optional<String> search, Function<String, String> what) {
        err.println();
        if (search.isEmpty()) {
            err.println("trialstream local: interrupted (no search running)");
            err.flush();
            System.exit(130);
        }
        err.println("trialstream local: " + what.apply(search.get()));
        err.flush();
    }

    /** What the run is given from the command line: slots, outputs, time limit and pack budget. */
    LocalRun.Settings settings() {
        return new LocalRun.Settings(workers, out, httpPort, wait.waitTimeout(), pack.budget());
    }

    /**
     * The ensemble: members with weights and (from the bundle) their own test scores, and its
     * out-of-fold scores, optimistic since selection saw them; null when there is none.
     */
    private static ObjectNode ensemble(LeaderboardSnapshot board, BundleInfo bundle) {
        EnsembleSummary ensemble = board.ensemble();
        if (ensemble == null) {
            return null;
        }
        Map<String, RegressionMetrics> ownTests = new HashMap<>();
        if (bundle != null) {
            bundle.members().forEach(m -> ownTests.put(m.trialId(), m.test()));
            if (bundle.members().isEmpty()) {
                // An ensemble that chose only the winner: the bundle is that trial alone, its test is the member's.
                ownTests.put(bundle.trialId(), bundle.test());
            }
        }
        ObjectNode node = JSON.createObjectNode();
        node.put("rounds", ensemble.rounds());
        ArrayNode members = node.putArray("members");
        for (EnsembleMember member : ensemble.members()) {
            ObjectNode m = members.addObject().put("trial_id", member.trialId()).put("weight", member.weight());
            m.set("test", ownTests.containsKey(member.trialId()) ? JSON.valueToTree(ownTests.get(member.trialId())) : null);
        }
        node.set("out_of_fold", JSON.valueToTree(ensemble.outOfFold()));
        node.put("out_of_fold_note", "selected on these same predictions: optimistic; the test split is the honest judge");
        return node;
    }

    private static ObjectNode summary(LocalResult result) throws IOException {
        LeaderboardSnapshot board = result.leaderboard();
        ObjectNode node = JSON.createObjectNode();
        node.put("search_id", board.searchId());
        node.put("name", board.name());
        node.put("status", board.status().wireName());
        ArrayNode trials = node.putArray("trials");
        for (LeaderboardEntry entry : board.top()) {
            ObjectNode trial = trials.addObject();
            trial.put("trial_id", entry.trialId());
            trial.put("status", TrialState.COMPLETED.wireName());
            trial.put("rank", entry.rank());
            trial.set("params", JSON.valueToTree(entry.params()));
            CvScoresJson.put(trial, entry.cv());
            trial.put("epochs", entry.epochs());
        }
        for (StoppedTrial stopped : board.stopped()) {
            ObjectNode trial = trials.addObject();
            trial.put("trial_id", stopped.trialId());
            trial.put("status", stopped.state().wireName());
            trial.set("params", stopped.params() == null ? null : JSON.valueToTree(stopped.params()));
            trial.put("cv_mse", stopped.lastCvMse());
            trial.put("epochs", stopped.epochs());
            trial.put("reason", stopped.reason());
        }
        board.best().ifPresent(best -> {
            ObjectNode b = node.putObject("best");
            b.put("trial_id", best.trialId());
            b.set("params", JSON.valueToTree(best.params()));
            CvScoresJson.put(b, best.cv());
            b.put("epochs", best.epochs());
        });
        node.set("test", board.finalTest() == null ? null : JSON.valueToTree(board.finalTest()));
        BundleInfo bundle = result.model() == null ? null : ModelBundle.read(result.model()).info();
        node.set("ensemble", ensemble(board, bundle));
        node.put("model", result.model() == null ? null : result.model().toString());
        node.set("left_out", bundle == null ? null : JSON.valueToTree(bundle.leftOut()));
        node.put("epochs_trained", board.epochsTrained());
        node.put("epoch_budget", board.epochBudget());
        node.put("epochs_redone", board.epochsRedone());
        node.put("wall_seconds", Math.round(result.wallSeconds() * 10) / 10.0);
        node.put("backend", result.backend());
        return node;
    }

    /** The files this run reads, by what names them: an output flag may not point at one of them. */
    private Map<String, Path> inputFiles(PreparedSearch search) {
        Map<String, Path> inputs = new LinkedHashMap<>();
        if (specFile != null) {
            inputs.put("the --spec file", specFile);
        }
        DataSpec spec = search.spec().data();
        if (spec.file() != null) {
            inputs.put(specFile == null ? "the --data file" : "the spec's data.file", Path.of(spec.file()));
        }
        if (spec.testFile() != null) {
            inputs.put(specFile == null ? "the --test file" : "the spec's data.testFile", Path.of(spec.testFile()));
        }
        return inputs;
    }
}
