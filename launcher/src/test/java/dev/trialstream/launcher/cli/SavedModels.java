package dev.trialstream.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/** A model bundle to predict with, as a user makes one: {@code train --save-model} on a CSV. */
final class SavedModels {

    private SavedModels() {
    }

    /**
     * Trains on {@code data} (its target column {@code y}, 2 folds, {@code epochs} epochs) and saves
     * the bundle as {@code model.zip} beside it.
     */
    static Path trainOn(Path data, int epochs) {
        Path model = data.resolveSibling("model.zip");
        Cli trained = Cli.run("train", "--data", data.toString(), "--target", "y", "--epochs", String.valueOf(epochs),
                "--folds", "2", "--save-model", model.toString());
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        return model;
    }
}
