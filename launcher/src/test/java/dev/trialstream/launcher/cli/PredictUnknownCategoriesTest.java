package dev.trialstream.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictUnknownCategoriesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static Path model;
    private static Path rows;

    @BeforeAll
    static void trainABundleOnTwoCategories() throws Exception {
        StringBuilder csv = new StringBuilder("x,place,y\n");
        for (int i = 0; i < 40; i++) {
            String place = i % 2 == 0 ? "NEAR BAY" : "INLAND";
            csv.append(i % 7).append(',').append(place).append(',').append(i % 7 + (i % 2) * 3).append('\n');
        }
        Path train = dir.resolve("train.csv");
        Files.writeString(train, csv);
        model = SavedModels.trainOn(train, 2);
        rows = dir.resolve("new.csv");
        Files.writeString(rows, "x,place\n1,NEAR BAY\n2,UNDERWATER\n3,near bay\n4,UNDERWATER\n5,\n");
    }

    @Test
    void predict_warnsByDefaultNamingColumnValuesAndCounts() {
        Cli cli = Cli.run("predict", "--model", model.toString(), "--data", rows.toString());

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.err()).contains("warning", "column \"place\"", "3 rows", "\"UNDERWATER\" (2)",
                "\"near bay\" (1)", "known: INLAND, NEAR BAY");
    }

    @Test
    void predict_jsonListsUnknownCategoriesPerColumn() throws Exception {
        Cli cli = Cli.run("predict", "--model", model.toString(), "--data", rows.toString(), "--json");

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        JsonNode unknown = JSON.readTree(cli.out()).get("unknown_categories");
        assertThat(unknown.get("place").get("UNDERWATER").asInt()).isEqualTo(2);
        assertThat(unknown.get("place").get("near bay").asInt()).isEqualTo(1);
        assertThat(unknown.get("place").size()).isEqualTo(2);
    }

    @Test
    void predict_errorPolicyExits2NamingColumnValuesAndCounts() {
        Cli cli = Cli.run("predict", "--model", model.toString(), "--data", rows.toString(),
                "--unknown-categories", "error");

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("column \"place\"", "\"UNDERWATER\" (2)", "\"near bay\" (1)");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void predict_ignorePolicyIsSilent() {
        Cli cli = Cli.run("predict", "--model", model.toString(), "--data", rows.toString(),
                "--unknown-categories", "ignore");

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.err()).doesNotContain("UNDERWATER");
    }

    @Test
    void predict_knownCategoriesOnlyGiveNoWarning() throws Exception {
        Path known = dir.resolve("known.csv");
        Files.writeString(known, "x,place\n1,NEAR BAY\n2,INLAND\n");

        Cli cli = Cli.run("predict", "--model", model.toString(), "--data", known.toString());

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.err()).doesNotContain("warning");
    }

    @Test
    void predict_outIntoAMissingFolderCreatesItAndSaysSo() throws Exception {
        Path out = dir.resolve("a/b/predictions.csv");

        Cli cli = Cli.run("predict", "--model", model.toString(), "--data", rows.toString(), "--out", out.toString(),
                "--unknown-categories", "ignore");

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(Files.readAllLines(out)).hasSize(6).first().isEqualTo("line,prediction");
        assertThat(cli.err()).as("says where they went").contains("5 predictions written to " + out);
    }
}
