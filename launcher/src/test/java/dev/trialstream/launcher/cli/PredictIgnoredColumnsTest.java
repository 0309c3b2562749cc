package dev.trialstream.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trialstream.core.testing.SyntheticData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * predict given a CSV with columns the model was not trained on (an id, a comment): it scores the
 * rows as before, ignoring them, and says once on stderr which columns it ignored.
 */
class PredictIgnoredColumnsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static Path model;
    /** The model's columns x0, x1, x2 and the target y, as trained on. */
    private static Path plain;

    @BeforeAll
    static void trainOnThreeFeatures() throws Exception {
        plain = dir.resolve("plain.csv");
        Files.writeString(plain, SyntheticData.linearCsv(40, 3, 0.05, 1));
        model = SavedModels.trainOn(plain, 2);
    }

    @Test
    void predict_columnsTheModelWasNotTrainedOn_areIgnoredWithOneNoteNamingThem() throws Exception {
        Path extras = withColumns("extras.csv", List.of("id"), List.of("comment"));

        Cli cli = Cli.run("predict", "--model", model.toString(), "--data", extras.toString());
        Cli reference = Cli.run("predict", "--model", model.toString(), "--data", plain.toString());

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.err()).contains("note: " + extras + ": ignored 2 columns the model was not trained on: id, comment\n");
        assertThat(cli.err().lines().filter(line -> line.startsWith("note:"))).hasSize(1);
        // The target is not ignored: it scores the predictions, as without the extra columns.
        assertThat(cli.err()).contains(extras + ": n=40 mse ");
        assertThat(cli.out()).isEqualTo(reference.out());
        assertThat(reference.err()).doesNotContain("note:");
    }

    @Test
    void predict_json_listsTheIgnoredColumns() throws Exception {
        Path extras = withColumns("extras-json.csv", List.of("id"), List.of());

        Cli cli = Cli.run("predict", "--model", model.toString(), "--data", extras.toString(), "--json");
        Cli reference = Cli.run("predict", "--model", model.toString(), "--data", plain.toString(), "--json");

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        JsonNode result = JSON.readTree(cli.out());
        assertThat(result.get("ignored_columns").toString()).isEqualTo("[\"id\"]");
        assertThat(result.get("predictions")).isEqualTo(JSON.readTree(reference.out()).get("predictions"));
        assertThat(JSON.readTree(reference.out()).has("ignored_columns")).isFalse();
    }

    @Test
    void predict_aWideFile_namesTenIgnoredColumnsAndCountsTheRest() throws Exception {
        List<String> many = new ArrayList<>();
        for (int i = 1; i <= 13; i++) {
            many.add("c" + i);
        }
        Path wide = withColumns("wide.csv", List.of(), many);

        Cli cli = Cli.run("predict", "--model", model.toString(), "--data", wide.toString());

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.err()).contains("note: " + wide + ": ignored 13 columns the model was not trained on: "
                + "c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, and 3 more\n");
    }

    /** The training file with columns added before and after its own, each cell the row's number. */
    private static Path withColumns(String name, List<String> before, List<String> after) throws Exception {
        List<String> lines = Files.readAllLines(plain);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String cell = String.valueOf(i);
            List<String> head = i == 0 ? before : before.stream().map(c -> cell).toList();
            List<String> tail = i == 0 ? after : after.stream().map(c -> cell).toList();
            List<String> row = new ArrayList<>(head);
            row.add(lines.get(i));
            row.addAll(tail);
            out.add(String.join(",", row));
        }
        Path file = dir.resolve(name);
        Files.write(file, out);
        return file;
    }
}
