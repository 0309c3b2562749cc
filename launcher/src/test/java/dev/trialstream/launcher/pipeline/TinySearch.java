package dev.trialstream.launcher.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The smallest search a CLI test submits: random trials of one fixed configuration on boston. */
final class TinySearch {

    private TinySearch() {
    }

    /** Writes {@code dir/spec.yaml}: search {@code name}, {@code trials} trials of {@code epochs} epochs. */
    static Path write(Path dir, String name, int trials, int epochs) throws IOException {
        return Files.writeString(dir.resolve("spec.yaml"), """
                name: %s
                data: {dataset: boston}
                strategy: {type: random, trials: %d, seed: 0}
                training: {maxEpochs: %d}
                space: {neurons: 64}
                """.formatted(name, trials, epochs));
    }
}
