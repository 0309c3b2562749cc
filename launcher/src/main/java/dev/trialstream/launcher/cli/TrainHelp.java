package dev.trialstream.launcher.cli;

import dev.trialstream.core.spec.CvSpec;
import dev.trialstream.core.spec.TrainingSpec;
import dev.trialstream.producer.cli.TrainingOptions;
import java.util.ListResourceBundle;

/**
 * {@code train}'s wording of the shared {@link TrainingOptions}: it takes no spec, so "default:
 * the spec's, else 3", as the search commands say it, was not true of it. Its defaults are the
 * ones a spec leaves out, which {@code TrainCommand} applies.
 */
public final class TrainHelp extends ListResourceBundle {

    @Override
    protected Object[][] getContents() {
        return new Object[][] {
                {TrainingOptions.FOLDS_KEY, TrainingOptions.FOLDS_TEXT + " (default " + CvSpec.DEFAULT_FOLDS + ")"},
                {TrainingOptions.EPOCHS_KEY, TrainingOptions.EPOCHS_TEXT + " (default "
                        + TrainingSpec.DEFAULT_MAX_EPOCHS + ")"},
                {TrainingOptions.FINAL_MODELS_KEY, "with --save-model, " + TrainingOptions.FINAL_MODELS_TEXT
                        + " (S: --train-seed; default 1)"},
        };
    }
}
