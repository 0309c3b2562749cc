package dev.trialstream.producer.cli;

import dev.trialstream.core.spec.Priority;
import dev.trialstream.core.spec.PruningPolicy;
import dev.trialstream.core.spec.SearchSpec;
import dev.trialstream.core.spec.SpecOverrides;
import dev.trialstream.core.spec.StrategySpec;
import dev.trialstream.core.spec.StrategyType;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Command-line changes to how a search searches: {@code --trials 5 --strategy tpe --seed 3}. With
 * {@link TrainingOptions} they make the spec's overrides; each value is checked here and named by
 * its flag, not by the spec field it lands in.
 */
public final class SpecOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    private Integer trials;
    private String strategy;
    private String pruning;
    private Integer parallelism;
    private Priority priority;

    @Option(names = "--seed", paramLabel = "S",
            description = "the search's seed: the strategy's samples and each trial's training seed (same seed, same trials)")
    private Long seed;

    @Option(names = "--trials", paramLabel = "N", description = "trial budget")
    void trials(int value) {
        trials = OptionChecks.between(mixee, "--trials", value, 1, StrategySpec.MAX_TRIALS);
    }

    @Option(names = "--strategy", paramLabel = "NAME", description = "grid, random, quasirandom, tpe or hyperband")
    void strategy(String value) {
        strategy = OptionChecks.check(mixee, "--strategy", () -> StrategyType.parse(value)).wireName();
    }

    @Option(names = "--pruning", paramLabel = "POLICY", description = "early stopping: none, median or asha")
    void pruning(String value) {
        pruning = OptionChecks.check(mixee, "--pruning", () -> PruningPolicy.parse(value)).wireName();
    }

    @Option(names = "--parallelism", paramLabel = "N",
            description = "the most trials of this search queued or running at once (default: the spec's, else 4;"
                    + " in local 4 per worker slot, 2 per slot for tpe)")
    void parallelism(int value) {
        parallelism = OptionChecks.between(mixee, "--parallelism", value, 1, SearchSpec.MAX_PARALLELISM);
    }

    @Option(names = "--priority", paramLabel = "P",
            description = "its share of a shared fleet: low, normal, high (weights 1, 2, 4) or a weight 1-100")
    void priority(String value) {
        priority = OptionChecks.check(mixee, "--priority", () -> Priority.parse(value));
    }

    /** --strategy, or null when not given. */
    public String strategy() {
        return strategy;
    }

    public SpecOverrides toOverrides(TrainingOptions training) {
        SpecOverrides overrides = SpecOverrides.none();
        if (trials != null) {
            overrides = overrides.withTrials(trials);
        }
        if (seed != null) {
            overrides = overrides.withSeed(seed);
        }
        if (strategy != null) {
            overrides = overrides.withStrategy(strategy);
        }
        if (pruning != null) {
            overrides = overrides.withPruning(pruning);
        }
        if (parallelism != null) {
            overrides = overrides.withParallelism(parallelism);
        }
        if (priority != null) {
            overrides = overrides.withPriority(priority);
        }
        if (training.epochs() != null) {
            overrides = overrides.withEpochs(training.epochs());
        }
        if (training.folds() != null) {
            overrides = overrides.withFolds(training.folds());
        }
        if (training.finalModels() != null) {
            overrides = overrides.withFinalModels(training.finalModels());
        }
        return overrides;
    }
}
