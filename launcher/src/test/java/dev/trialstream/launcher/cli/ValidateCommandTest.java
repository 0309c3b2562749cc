package dev.trialstream.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

    @TempDir
    Path dir;

    @Test
    void validate_exampleSpecIsOk() {
        Cli cli = Cli.run("validate", "../examples/boston-random.yaml");

        assertThat(cli.exitCode()).isZero();
        assertThat(cli.out()).contains("ok", "boston-random", "20 trials");
    }

    @Test
    void validate_listsEveryProblemAndExits2() throws IOException {
        Path spec = dir.resolve("bad.yaml");
        Files.writeString(spec, """
                data: {dataset: boston}
                strategy: {type: random, trials: 5}
                training: {maxEpochs: 0}
                space:
                  learningRate: {logUniform: {min: 0, max: 0.1}}
                  activation: [relu, swish]
                """);

        Cli cli = Cli.run("validate", spec.toString());

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("training.maxEpochs", "space.learningRate.logUniform: min must be > 0, found 0",
                "space.activation[1]: activation must be one of");
        assertThat(cli.err()).doesNotContain("Exception");
    }

    @Test
    void validate_missingFileExits2WithItsName() {
        Cli cli = Cli.run("validate", dir.resolve("nope.yaml").toString());

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("nope.yaml");
    }
}
