package dev.trialstream.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trialstream.core.testing.SyntheticData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * predict given a CSV with missing feature cells (empty, NA): it fills them as in training and
 * scores every row, as before, and now says so once on stderr, with the count per column, where
 * it filled them without a word.
 */
class PredictImputedCellsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static Path model;
    /** Twelve features x1..x12 and the target y, as trained on: more columns than a note names. */
    private static Path plain;

    @BeforeAll
    static void trainOnTwelveFeatures() throws Exception {
        plain = dir.resolve("plain.csv");
        Files.writeString(plain, SyntheticData.linearCsv(40, 12, 0.05, 1));
        model = SavedModels.trainOn(plain, 2);
    }

    @Test
    void predict_missingFeatureCells_areImputedWithOneNoteCountingThemPerColumn() throws Exception {
        // x1 empty on three rows, x3 "NA" on one, the target y empty on one (not a feature: not imputed).
        Path holes = withCells("holes.csv", Map.of("x1", List.of(1, 2, 5), "x3", List.of(7), "y", List.of(9)), "NA");

        Cli cli = Cli.run("predict", "--model", model.toString(), "--data", holes.toString());
        Cli reference = Cli.run("predict", "--model", model.toString(), "--data", plain.toString());

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.err()).contains("note: " + holes + ": imputed 4 missing cells as in training (a number: the"
                + " training rows' median; a category: their most frequent): x1 3, x3 1\n");
        assertThat(cli.err().lines().filter(line -> line.startsWith("note:"))).hasSize(1);
        assertThat(cli.out().lines()).hasSize(41); // every row still scored, after the header
        assertThat(reference.err()).doesNotContain("note:");
    }

    @Test
    void predict_json_countsTheImputedCellsPerColumn() throws Exception {
        Path holes = withCells("holes-json.csv", Map.of("x2", List.of(3, 4), "x12", List.of(40)), "");

        Cli cli = Cli.run("predict", "--model", model.toString(), "--data", holes.toString(), "--json");
        Cli reference = Cli.run("predict", "--model", model.toString(), "--data", plain.toString(), "--json");

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        JsonNode result = JSON.readTree(cli.out());
        assertThat(result.get("imputed_cells").toString()).isEqualTo("{\"x2\":2,\"x12\":1}");
        assertThat(result.get("predictions")).hasSize(40);
        assertThat(JSON.readTree(reference.out()).has("imputed_cells")).isFalse();
    }

    @Test
    void predict_missingCellsInManyColumns_namesTenColumnsAndCountsTheRest() throws Exception {
        Map<String, List<Integer>> everyColumn = new java.util.HashMap<>();
        for (int j = 1; j <= 12; j++) {
            everyColumn.put("x" + j, List.of(j));
        }
        Path holes = withCells("holes-wide.csv", everyColumn, "");

        Cli cli = Cli.run("predict", "--model", model.toString(), "--data", holes.toString());

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.err()).contains(": imputed 12 missing cells as in training (a number: the training rows' median;"
                + " a category: their most frequent): x1 1, x2 1, x3 1, x4 1, x5 1, x6 1, x7 1, x8 1, x9 1, x10 1,"
                + " and 2 more columns\n");
    }

    /** The training file with the given cells (column → 1-based data rows) replaced by {@code missing}. */
    private static Path withCells(String name, Map<String, List<Integer>> cells, String missing) throws Exception {
        List<String> lines = Files.readAllLines(plain);
        List<String> header = List.of(lines.get(0).split(","));
        List<String> out = new ArrayList<>(List.of(lines.get(0)));
        for (int i = 1; i < lines.size(); i++) {
            String[] row = lines.get(i).split(",", -1);
            for (Map.Entry<String, List<Integer>> cell : cells.entrySet()) {
                if (cell.getValue().contains(i)) {
                    row[header.indexOf(cell.getKey())] = missing;
                }
            }
            out.add(String.join(",", row));
        }
        Path file = dir.resolve(name);
        Files.write(file, out);
        return file;
    }
}
