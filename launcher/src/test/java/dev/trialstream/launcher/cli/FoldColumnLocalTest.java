package dev.trialstream.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trialstream.core.bundle.ModelBundle;
import dev.trialstream.core.testing.SyntheticData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `local --fold-column`: the folds travel with the trial messages to the worker, through a real broker. */
class FoldColumnLocalTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The synthetic linear data with a column "fold" that labels row i with i % 4. */
    private Path withFoldColumn(int rows) throws Exception {
        String[] lines = SyntheticData.linearCsv(rows, 3, 0.05, 1).split("\n");
        StringBuilder csv = new StringBuilder(lines[0]).append(",fold\n");
        for (int i = 1; i < lines.length; i++) {
            csv.append(lines[i]).append(',').append((i - 1) % 4).append('\n');
        }
        Path file = dir.resolve("folds.csv");
        Files.writeString(file, csv);
        return file;
    }

    @Test
    void local_cvOnTheGivenFoldsWithoutTheFoldColumnAsAFeature() throws Exception {
        Path data = withFoldColumn(120);
        Path model = dir.resolve("model.zip");

        Cli cli = Cli.run("local", "--data", data.toString(), "--target", "y", "--fold-column", "fold", "--folds", "4",
                "--trials", "2", "--epochs", "2", "--workers", "1", "--json", "--out", model.toString());

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        JsonNode result = JSON.readTree(cli.out());
        assertThat(result.get("status").asText()).isEqualTo("done");
        assertThat(result.get("trials")).hasSize(2).allSatisfy(t -> assertThat(t.get("status").asText()).isEqualTo("completed"));
        // The worker read the fold column from the trial's dataset reference: it is not an input.
        assertThat(ModelBundle.read(model).info().preprocessing().featureNames()).containsExactly("x1", "x2", "x3");
    }

    @Test
    void local_refusesAFoldCountThatDisagreesBeforeStartingAnything() throws Exception {
        Path data = withFoldColumn(40);

        Cli cli = Cli.run("local", "--data", data.toString(), "--target", "y", "--fold-column", "fold",
                "--trials", "2", "--epochs", "2", "--json");

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("fold column \"fold\"", "names 4 folds [0, 1, 2, 3] but cv.folds is 3");
    }
}
