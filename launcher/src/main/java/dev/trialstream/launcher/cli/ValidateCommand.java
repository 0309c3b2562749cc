package dev.trialstream.launcher.cli;

import dev.trialstream.core.text.Plural;
import dev.trialstream.core.spec.SearchSpec;
import dev.trialstream.core.spec.SpecOverrides;
import dev.trialstream.core.spec.SpecReader;
import dev.trialstream.core.strategy.Strategies;
import dev.trialstream.core.strategy.Strategy;
import dev.trialstream.producer.cli.DataOptions;
import dev.trialstream.producer.cli.PreparedSearch;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code trialstream validate SPEC}: exit 0 with a summary, or every problem and exit 2. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a search spec without running it: lists every problem with its path.",
                "Also reads and checks the data as local and submit do (target, column kinds, rows per fold)."})
public final class ValidateCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec command;

    @Parameters(index = "0", paramLabel = "SPEC", description = "the search spec (YAML)")
    private Path specFile;

    @Option(names = "--no-data", negatable = false, description = "check the spec only, without reading the data")
    private boolean noData;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        SearchSpec spec;
        Strategy strategy;
        if (noData) {
            spec = new SpecReader().read(specFile);
            strategy = Strategies.create(spec);
        } else {
            // The same checks local and submit run before they start, so "ok" here means they will start.
            PreparedSearch search = PreparedSearch.of(specFile, new DataOptions(), SpecOverrides.none());
            spec = search.spec();
            strategy = search.strategy();
            search.notes().forEach(note -> command.commandLine().getErr().println("note: " + specFile + ": " + note));
        }
        out.printf("%s: ok — search \"%s\", %s; ≤%s each, %d-fold CV%n",
                specFile, spec.name(), strategy.describe(), Plural.of(spec.training().maxEpochs(), "epoch"),
                spec.cv().folds());
        return 0;
    }
}
