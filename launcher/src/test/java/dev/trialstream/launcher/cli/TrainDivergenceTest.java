package dev.trialstream.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TrainDivergenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

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
