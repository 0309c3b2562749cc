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
 *
 * <p>The descriptions here are the search commands' ("default: the spec's, else ..."). A command
 * whose defaults differ ({@code train} takes no spec) says its own through its resource bundle,
 * under the {@code *_KEY} keys, built from the {@code *_TEXT} wording so the two cannot drift.
 */
public final class TrainingOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    /** Resource-bundle keys of the descriptions, for a command that words its defaults itself. */
    public static final String FOLDS_KEY = "trainingOptions.folds";
    public static final String EPOCHS_KEY = "trainingOptions.epochs";
    public static final String FINAL_MODELS_KEY = "trainingOptions.finalModels";

    /** What each flag does, before its default. */
    public static final String FOLDS_TEXT = "k of k-fold cross-validation";
    public static final String EPOCHS_TEXT = "most epochs a configuration trains";
    public static final String FINAL_MODELS_TEXT = "train the final model N times (training seeds S..S+N-1) and"
            + " average them, 1 to " + TrainingSpec.MAX_FINAL_MODELS;

    private Integer folds;
    private Integer epochs;
    private Integer finalModels;

    @Option(names = "--folds", paramLabel = "K", descriptionKey = FOLDS_KEY,
            description = FOLDS_TEXT + " (default: the spec's, else " + CvSpec.DEFAULT_FOLDS + ")")
    void folds(int value) {
        folds = OptionChecks.between(mixee, "--folds", value, 2, CvSpec.MAX_FOLDS);
    }

    @Option(names = "--epochs", paramLabel = "N", descriptionKey = EPOCHS_KEY,
            description = EPOCHS_TEXT + " (default: the spec's, else " + TrainingSpec.DEFAULT_MAX_EPOCHS + ")")
    void epochs(int value) {
        epochs = OptionChecks.between(mixee, "--epochs", value, 1, TrainingSpec.MAX_EPOCHS);
    }

    @Option(names = "--final-models", paramLabel = "N", descriptionKey = FINAL_MODELS_KEY,
            description = FINAL_MODELS_TEXT + " (default: the spec's, else 1)")
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
