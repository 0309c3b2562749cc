package dev.trialstream.launcher.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trialstream.core.bundle.ModelBundle;
import dev.trialstream.core.data.CsvTableReader;
import dev.trialstream.core.data.DataException;
import dev.trialstream.core.data.Table;
import dev.trialstream.core.metrics.RegressionMetrics;
import dev.trialstream.core.prep.FittedPreprocessing;
import dev.trialstream.core.prep.UnknownCategories;
import dev.trialstream.core.prep.UnknownCategoryPolicy;
import dev.trialstream.core.text.Figures;
import dev.trialstream.core.text.Plural;
import dev.trialstream.producer.cli.InputFile;
import dev.trialstream.producer.cli.OutputFile;
import dev.trialstream.worker.dl4j.Dl4jTrainer;
import dev.trialstream.worker.training.BundlePredictor;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code trialstream predict}: score a CSV with a model bundle. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Score a CSV with a model bundle (from train --save-model, local or export).",
                "Writes the input line number and the prediction per row; when the CSV has the target "
                        + "column, also prints MSE, RMSE, MAE and R² in the target's units."})
public final class PredictCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = CliJson.MAPPER;

    /** A note names at most this many columns, ignored or imputed (a wide file could have hundreds). */
    private static final int MAX_NAMED_COLUMNS = 10;

    @Spec
    private picocli.CommandLine.Model.CommandSpec command;

    @Option(names = "--model", required = true, paramLabel = "BUNDLE", description = "a model bundle zip")
    private Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "the CSV to score")
    private Path data;

    @Option(names = "--out", paramLabel = "FILE", description = "write predictions here (CSV) instead of stdout")
    private Path out;

    @Option(names = "--json", description = "print a JSON summary (rows, metrics, output file) instead of the CSV")
    private boolean json;

    @Option(names = "--unknown-categories", defaultValue = "warn", paramLabel = "POLICY",
            description = {"a category the model never saw encodes as all zeros and moves the prediction:",
                    "error (exit 2), warn (default: score and list them per column) or ignore"})
    void unknownCategories(String value) {
        try {
            policy = UnknownCategoryPolicy.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(),
                    "--unknown-categories: must be error, warn or ignore, found \"" + value + "\"");
        }
    }

    private UnknownCategoryPolicy policy;

    @Override
    public Integer call() throws IOException {
        if (out != null) {
            OutputFile.requireWritable("--out", out);
        }
        InputFile.requireFile("--model", model);
        InputFile.requireFile("--data", data);
        if (out != null) {
            OutputFile.requireNotInput("--out", out, Map.of("the --data file", data, "the --model file", model));
        }
        ModelBundle bundle = readBundle();
        BundlePredictor predictor = new BundlePredictor(new Dl4jTrainer(), "--model " + model, bundle);
        FittedPreprocessing prep = bundle.info().preprocessing();
        Table table = new CsvTableReader().read(data.toString(), Files.readAllBytes(data), prep.columnRules());
        prep.textTargetProblem(table).ifPresent(problem -> {
            throw new DataException(problem);
        });
        UnknownCategories unknown = prep.unknownCategories(table);
        if (!unknown.isEmpty() && policy == UnknownCategoryPolicy.ERROR) {
            throw new DataException(data + ": " + String.join("; ", unknown.describe(prep.knownCategories()))
                    + " (--unknown-categories error; use warn or ignore to score them as all-zero categories)");
        }
        boolean warn = !unknown.isEmpty() && policy == UnknownCategoryPolicy.WARN;
        if (warn) {
            for (String line : unknown.describe(prep.knownCategories())) {
                command.commandLine().getErr().println("warning: " + data + ": " + line
                        + "; scored as no category (--unknown-categories error|warn|ignore)");
            }
        }
        List<String> ignored = prep.unusedColumns(table);
        if (!ignored.isEmpty()) {
            command.commandLine().getErr().println(ignoredNote(ignored));
        }
        Map<String, Integer> imputed = prep.imputedCells(table);
        if (!imputed.isEmpty()) {
            command.commandLine().getErr().println(imputedNote(imputed));
        }
        double[] predictions = predictor.predict(table);
        Optional<RegressionMetrics> metrics = predictor.score(table, predictions);
        List<Integer> withoutTarget = predictor.linesWithoutTarget(table);
        PrintWriter stdout = command.commandLine().getOut();
        if (out != null) {
            Path parent = out.toAbsolutePath().getParent();
            try {
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try (BufferedWriter writer = Files.newBufferedWriter(out)) {
                    writeCsv(writer, table, predictions);
                }
            } catch (IOException e) {
                throw OutputFile.cannotWrite("--out", out, e);
            }
        } else if (!json) {
            writeCsv(stdout, table, predictions);
        }
        // An ensemble's members scored on their own, beside the ensemble (when the CSV has the target).
        Map<String, RegressionMetrics> memberMetrics = new LinkedHashMap<>();
        if (metrics.isPresent()) {
            predictor.memberPredictions(table).forEach((trial, own) ->
                    memberMetrics.put(trial, predictor.score(table, own).orElseThrow()));
        }
        if (json) {
            ObjectNode node = JSON.createObjectNode();
            node.put("rows", predictions.length);
            node.put("target", bundle.info().preprocessing().target());
            metrics.ifPresent(m -> node.set("metrics", JSON.valueToTree(m)));
            if (!withoutTarget.isEmpty()) {
                node.putObject("without_target").put("rows", withoutTarget.size()).put("first_line", withoutTarget.get(0));
            }
            if (!bundle.info().members().isEmpty()) {
                ArrayNode members = node.putArray("members");
                bundle.info().members().forEach(member -> {
                    ObjectNode m = members.addObject().put("trial_id", member.trialId()).put("weight", member.weight());
                    if (memberMetrics.containsKey(member.trialId())) {
                        m.set("metrics", JSON.valueToTree(memberMetrics.get(member.trialId())));
                    }
                });
            }
            if (!bundle.info().leftOut().isEmpty()) {
                node.set("left_out", JSON.valueToTree(bundle.info().leftOut()));
            }
            if (!ignored.isEmpty()) {
                node.set("ignored_columns", JSON.valueToTree(ignored));
            }
            if (!imputed.isEmpty()) {
                node.set("imputed_cells", JSON.valueToTree(imputed));
            }
            if (warn) {
                node.set("unknown_categories", JSON.valueToTree(unknown.counts()));
            }
            if (out != null) {
                node.put("out", out.toString());
            } else {
                node.set("predictions", JSON.valueToTree(predictions));
            }
            stdout.println(JSON.writeValueAsString(node));
        } else {
            metrics.ifPresent(m -> command.commandLine().getErr().printf(Locale.ROOT,
                    "%s: n=%d %s%s%n", data, m.n(), Figures.scores(m), notScored(withoutTarget)));
            bundle.info().members().forEach(member -> {
                RegressionMetrics m = memberMetrics.get(member.trialId());
                if (m != null) {
                    command.commandLine().getErr().printf(Locale.ROOT,
                            "  member %s (weight %.2f) alone: %s%n", member.trialId(), member.weight(), Figures.scores(m));
                }
            });
            bundle.info().leftOut().forEach(leftOut -> command.commandLine().getErr()
                    .println("  left out of the final model: " + leftOut));
            if (out != null) {
                command.commandLine().getErr().printf(Locale.ROOT, "%d predictions written to %s%n",
                        predictions.length, out);
            }
        }
        stdout.flush();
        return 0;
    }

    /**
     * One note for the columns the model does not read: an id or a fold column in the file it was
     * trained on is expected and ignored, but a column the user believes the model reads (renamed,
     * say) would otherwise change nothing without a word. The longest lists are cut after ten names.
     */
    private String ignoredNote(List<String> ignored) {
        int shown = Math.min(ignored.size(), MAX_NAMED_COLUMNS);
        String names = String.join(", ", ignored.subList(0, shown))
                + (ignored.size() > shown ? ", and " + (ignored.size() - shown) + " more" : "");
        return "note: " + data + ": ignored " + Plural.of(ignored.size(), "column")
                + " the model was not trained on: " + names;
    }

    /**
     * One note for the missing feature cells, which are filled as in training and scored: users of
     * such tools expect to hear of it (a column left empty by an export gives every row the same
     * value there). Columns with their counts, the longest lists cut after ten columns.
     */
    private String imputedNote(Map<String, Integer> imputed) {
        List<String> counts = imputed.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList();
        int shown = Math.min(counts.size(), MAX_NAMED_COLUMNS);
        String names = String.join(", ", counts.subList(0, shown))
                + (counts.size() > shown ? ", and " + Plural.of(counts.size() - shown, "more column") : "");
        int cells = imputed.values().stream().mapToInt(Integer::intValue).sum();
        return "note: " + data + ": imputed " + Plural.of(cells, "missing cell") + " as in training (a number: the"
                + " training rows' median; a category: their most frequent): " + names;
    }

    /** Says which rows the scores leave out: " (1 row without a target, not scored: line 7)". */
    private static String notScored(List<Integer> lines) {
        if (lines.isEmpty()) {
            return "";
        }
        return " (" + Plural.of(lines.size(), "row") + " without a target, not scored: "
                + (lines.size() == 1 ? "line " : "first at line ") + lines.get(0) + ")";
    }

    /** The bundle, any error naming {@code --model} and the file. */
    private ModelBundle readBundle() throws IOException {
        try (InputStream in = Files.newInputStream(model)) {
            return ModelBundle.read("--model " + model, in);
        }
    }

    private void writeCsv(Writer writer, Table table, double[] predictions) throws IOException {
        writer.write("line,prediction\n");
        for (int i = 0; i < predictions.length; i++) {
            writer.write(table.line(i) + "," + predictions[i] + "\n");
        }
        writer.flush();
    }
}
