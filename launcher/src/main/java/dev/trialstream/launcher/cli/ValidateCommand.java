package dev.trialstream.launcher.cli;

import dev.trialstream.core.text.Plural;
import dev.trialstream.core.spec.SearchSpec;
import dev.trialstream.core.spec.SpecReader;
import dev.trialstream.core.strategy.Strategies;
import dev.trialstream.core.strategy.Strategy;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code trialstream validate SPEC}: exit 0 with a summary, or every problem and exit 2. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a search spec without running it: lists every problem with its path.")
public final class ValidateCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec command;

    @Parameters(index = "0", paramLabel = "SPEC", description = "the search spec (YAML)")
    private Path specFile;

    @Override
    public Integer call() {
        SearchSpec spec = new SpecReader().read(specFile);
        Strategy strategy = Strategies.create(spec);
        command.commandLine().getOut().printf("%s: ok — search \"%s\", %s; ≤%s each, %d-fold CV%n",
                specFile, spec.name(), strategy.describe(), Plural.of(spec.training().maxEpochs(), "epoch"),
                spec.cv().folds());
        return 0;
    }
}
