package dev.trialstream.launcher.cli;

import dev.trialstream.core.text.Plural;
import dev.trialstream.producer.cli.OptionChecks;
import dev.trialstream.worker.kafka.PackBudget;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --pack-size} and {@code --pack-seconds}: how much a worker slot takes at once, for the
 * commands that run worker slots (worker, local). Each value is checked while the command line is
 * parsed, and a bad one is reported by its flag.
 */
final class PackOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    private int packSize = PackBudget.DEFAULT.maxTrials();
    private int packSeconds = (int) PackBudget.DEFAULT.target().toSeconds();

    @Option(names = "--pack-size", paramLabel = "N",
            description = "the most trials a slot takes at once: trained in packs (compatible ones as one stacked "
                    + "network), their results and offsets committed in one transaction (default: "
                    + "64; 1 = one trial at a time)")
    void packSize(int value) {
        packSize = OptionChecks.between(mixee, "--pack-size", value, 1, PackBudget.MAX_TRIALS);
    }

    @Option(names = "--pack-seconds", paramLabel = "SECONDS",
            description = "the wall time a slot's take aims at: it takes as many trials as it lately trained in "
                    + "that time, so a killed worker loses about this much work (default: 5)")
    void packSeconds(int value) {
        packSeconds = OptionChecks.between(mixee, "--pack-seconds", value, 1, 3600);
    }

    PackBudget budget() {
        return new PackBudget(packSize, Duration.ofSeconds(packSeconds));
    }

    /** "takes of up to 64 trials (5 s)", for the commands' start-up lines. */
    static String describe(PackBudget budget) {
        return "takes of up to " + Plural.of(budget.maxTrials(), "trial") + " (" + budget.target().toSeconds() + " s)";
    }
}
