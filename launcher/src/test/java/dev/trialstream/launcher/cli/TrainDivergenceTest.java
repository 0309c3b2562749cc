package dev.trialstream.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trialstream.core.testing.SyntheticData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainDivergenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void train_explodingAdamRunFailsAsDivergedWithExit1() throws Exception {
        Cli cli = Cli.run("train", "--dataset", "boston", "--epochs", "5", "--folds", "2",
                "--param", "learningRate=50", "--json");

        assertThat(cli.exitCode()).as(cli.out() + cli.err()).isEqualTo(1);
        JsonNode result = JSON.readTree(cli.out());
        assertThat(result.get("status").asText()).isEqualTo("failed");
        assertThat(result.get("reason").asText()).startsWith("diverged at epoch").contains("with adam");
    }

    @Test
    void train_rawTargetInTheMillions_divergedReasonNamesTheTargetsScaleAndTheFlag() throws Exception {
        // Prices in dollars: the linear target (about 83 ± 8) scaled to about 35 million ± 3 million.
        List<String> lines = SyntheticData.linearCsv(120, 3, 0.05, 1).lines().toList();
        StringBuilder csv = new StringBuilder(lines.get(0)).append('\n');
        for (String line : lines.subList(1, lines.size())) {
            int comma = line.lastIndexOf(',');
            double y = Double.parseDouble(line.substring(comma + 1));
            csv.append(line, 0, comma + 1).append(Math.round(1_500_000 + 400_000 * y)).append('\n');
        }
        Path prices = dir.resolve("prices.csv");
        Files.writeString(prices, csv);

        Cli raw = Cli.run("train", "--data", prices.toString(), "--target", "y", "--epochs", "5", "--folds", "2",
                "--no-standardize-target", "--param", "optimizer=sgd", "--param", "learningRate=0.01", "--json");
        Cli standardized = Cli.run("train", "--data", prices.toString(), "--target", "y", "--epochs", "5",
                "--folds", "2", "--param", "optimizer=sgd", "--param", "learningRate=0.01", "--json");

        assertThat(raw.exitCode()).as(raw.out() + raw.err()).isEqualTo(1);
        assertThat(JSON.readTree(raw.out()).get("reason").asText())
                .startsWith("diverged at epoch 1: ")
                .containsPattern("\\(learning rate 0\\.01 with sgd\\); likely cause: the target is not standardized"
                        + " \\(--no-standardize-target, or training.standardizeTarget: false\\) and its standard"
                        + " deviation is 3\\.[0-9]{2}e\\+06 \\(mean 3\\.[0-9]{2}e\\+07\\): ")
                .endsWith("standardize the target (the default)");
        // Said before the training too, once; and not of the standardized target, which trains.
        assertThat(raw.err()).containsOnlyOnce("note: the target \"y\" is not standardized (--no-standardize-target,");
        assertThat(standardized.exitCode()).as(standardized.out() + standardized.err()).isZero();
        assertThat(standardized.err()).doesNotContain("note:");
    }

    @Test
    void train_divergenceOnAStandardizedTarget_blamesNoTargetScale() throws Exception {
        Cli cli = Cli.run("train", "--dataset", "boston", "--epochs", "5", "--folds", "2",
                "--param", "learningRate=50", "--param", "optimizer=sgd", "--json");

        assertThat(JSON.readTree(cli.out()).get("reason").asText()).startsWith("diverged")
                .doesNotContain("likely cause");
    }

    @Test
    void train_jsonWritesNonFiniteScoresAsNullNotStrings() throws Exception {
        Cli cli = Cli.run("train", "--dataset", "boston", "--epochs", "5", "--folds", "2",
                "--param", "learningRate=50", "--param", "optimizer=sgd", "--json");

        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.out()).doesNotContain("\"NaN\"", "\"Infinity\"");
        JsonNode result = JSON.readTree(cli.out());
        assertThat(result.get("reason").asText()).startsWith("diverged");
        assertThat(result.get("cv_mse").isNull()).as(cli.out()).isTrue();
    }
}
