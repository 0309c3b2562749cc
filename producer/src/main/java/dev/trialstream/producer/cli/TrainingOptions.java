package dev.trialstream.producer.cli;

import dev.trialstream.core.spec.CvSpec;
import dev.trialstream.core.spec.TrainingSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How each configuration is trained: {@code --folds}, {@code --epochs}, {@code --final-models}.
 * Shared by {@code train} and the commands that run a search, with one set of range checks; a flag
 * not given leaves the spec's value (or, for {@code train}, the default) alone.
 */
public final class TrainingOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    private Integer folds;
    private Integer epochs;
    private Integer finalModels;

    @Option(names = "--folds", paramLabel = "K",
            description = "k of k-fold cross-validation (default: the spec's, else " + CvSpec.DEFAULT_FOLDS + ")")
    void folds(int value) {
        folds = OptionChecks.between(mixee, "--folds", value, 2, CvSpec.MAX_FOLDS);
    }

    @Option(names = "--epochs", paramLabel = "N",
            description = "most epochs a configuration trains (default: the spec's, else " + TrainingSpec.DEFAULT_MAX_EPOCHS + ")")
    void epochs(int value) {
        epochs = OptionChecks.between(mixee, "--epochs", value, 1, TrainingSpec.MAX_EPOCHS);
    }

    @Option(names = "--final-models", paramLabel = "N",
            description = "train the final model N times (training seeds S..S+N-1) and average them, 1 to "
                    + TrainingSpec.MAX_FINAL_MODELS + " (default: the spec's, else 1)")
    void finalModels(int value) {
        finalModels = OptionChecks.between(mixee, "--final-models", value, 1, TrainingSpec.MAX_FINAL_MODELS);
    }

    /** --folds, or null when not given. */
    public Integer folds() {
        return folds;
    }

    /** --epochs, or null when not given. */
    public Integer epochs() {
        return epochs;
    }

    /** --final-models, or null when not given. */
    public Integer finalModels() {
        return finalModels;
    }
}
