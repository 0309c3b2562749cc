package dev.trialstream.launcher.pipeline;

import dev.trialstream.core.testing.SyntheticData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A search whose pruning is predictable: a 6-point grid alternating a good learning rate (0.01)
 * with a useless one (1e-6: the net barely moves) under the median rule from the first trial and
 * epoch 2, on a small synthetic linear dataset ({@code train.csv}, 150 rows, 3 features); and
 * {@link #writeTwoTrialGrid}, a quicker search on the same data.
 */
public final class PrunableSearch {

    private PrunableSearch() {
    }

    /** Writes {@code train.csv} into {@code dir}; the spec's data refers to it. */
    public static void writeData(Path dir) throws IOException {
        Files.writeString(dir.resolve("train.csv"), SyntheticData.linearCsv(150, 3, 0.1, 9));
    }

    /** The spec, named {@code name}. */
    public static String yaml(String name) {
        return """
                name: %s
                data: {file: train.csv, target: y, testFraction: 0.2}
                cv: {folds: 3}
                strategy: {type: grid}
                training: {maxEpochs: 20}
                pruning: {policy: median, minTrials: 1, warmupEpochs: 2}
                space:
                  neurons: [8, 16, 32]
                  learningRate: [0.01, 0.000001]
                """.formatted(name);
    }

    /**
     * Writes {@code train.csv} and {@code spec.yaml} into {@code dir}: a quick search of two trials
     * (a grid over 8 and 16 neurons, 3 epochs, 3 folds, no pruning), named {@code name}.
     *
     * @return the spec's path
     */
    public static Path writeTwoTrialGrid(Path dir, String name) throws IOException {
        writeData(dir);
        return Files.writeString(dir.resolve("spec.yaml"), """
                name: %s
                data: {file: train.csv, target: y, testFraction: 0.2}
                cv: {folds: 3}
                strategy: {type: grid}
                training: {maxEpochs: 3}
                space:
                  neurons: [8, 16]
                """.formatted(name));
    }
}
