package dev.trialstream.producer.cli;

import dev.trialstream.core.spec.SpecOverrides;
import picocli.CommandLine.Option;

/** Command-line overrides of a spec, for quick runs: {@code --trials 5 --epochs 20}. */
public final class SpecOptions {

    @Option(names = "--trials", paramLabel = "N", description = "trial budget")
    Integer trials;

    @Option(names = "--epochs", paramLabel = "N", description = "max epochs per trial")
    Integer epochs;

    @Option(names = "--folds", paramLabel = "K", description = "k of k-fold CV")
    Integer folds;

    @Option(names = "--seed", paramLabel = "S", description = "strategy seed (same seed, same trials)")
    Long seed;

    @Option(names = "--strategy", paramLabel = "NAME", description = "grid, random, quasirandom, tpe or hyperband")
    String strategy;

    @Option(names = "--pruning", paramLabel = "POLICY", description = "none, median or asha")
    String pruning;

    @Option(names = "--final-models", paramLabel = "N",
            description = "train the final model N times (seeds seed..seed+N-1) and average them")
    Integer finalModels;

    public SpecOverrides toOverrides() {
        SpecOverrides overrides = SpecOverrides.none();
        if (trials != null) {
            overrides = overrides.withTrials(trials);
        }
        if (epochs != null) {
            overrides = overrides.withEpochs(epochs);
        }
        if (folds != null) {
            overrides = overrides.withFolds(folds);
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
        if (finalModels != null) {
            overrides = overrides.withFinalModels(finalModels);
        }
        return overrides;
    }
}
