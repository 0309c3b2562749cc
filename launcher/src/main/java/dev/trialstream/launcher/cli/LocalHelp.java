package dev.trialstream.launcher.cli;

import dev.trialstream.core.spec.SearchSpec;
import dev.trialstream.producer.cli.TrainingOptions;
import java.util.ListResourceBundle;

/**
 * {@code local}'s wording of {@code --final-models}: without {@code --spec} it runs the built-in
 * search, which averages more networks than a spec that leaves the field out, so the shared
 * "default: the spec's, else 1" was not true of {@code local --dataset boston}. The other shared
 * options keep their wording (a key not here falls back to it).
 */
public final class LocalHelp extends ListResourceBundle {

    @Override
    protected Object[][] getContents() {
        int builtIn = SearchSpec.defaultFor("boston").training().finalModels();
        return new Object[][] {
                {TrainingOptions.FINAL_MODELS_KEY, TrainingOptions.FINAL_MODELS_TEXT
                        + " (default: the spec's, else 1; without --spec, the built-in search's " + builtIn + ")"},
        };
    }
}
