package dev.trialstream.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trialstream.core.bundle.BundleInfo;
import dev.trialstream.core.bundle.ModelBundle;
import dev.trialstream.core.ensemble.OutOfFold;
import dev.trialstream.core.testing.SyntheticData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training split too large for out-of-fold predictions inline in their event (more than 24,576
 * rows): through `local`'s embedded broker, the worker sends them through the blob store, the
 * aggregator reads them back, and the trials join the ensemble; the bundle holds the selected
 * members with their weights, and {@code predict} reproduces its test score.
 */
class LargeOutOfFoldLocalTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** 24,800 training rows, above the inline limit; 1,000 test rows. */
    private static final int TRAIN_ROWS = 24_800;
    private static final int TEST_ROWS = 1_000;

    @TempDir
    Path dir;

    @Test
    void local_trialsWithMoreRowsThanFitInlineJoinTheEnsemble() throws Exception {
        assertThat(new OutOfFold(new float[TRAIN_ROWS], new float[TRAIN_ROWS]).tooLargeInline()).isTrue();
        String[] lines = SyntheticData.linearCsv(TRAIN_ROWS + TEST_ROWS, 3, 0.1, 3).split("\n");
        Path data = dir.resolve("large.csv");
        Path test = dir.resolve("test.csv");
        Files.writeString(data, String.join("\n", Arrays.copyOfRange(lines, 0, TRAIN_ROWS + 1)) + "\n");
        Files.writeString(test, lines[0] + "\n" + String.join("\n", Arrays.copyOfRange(lines, TRAIN_ROWS + 1,
                lines.length)) + "\n");
        Path spec = dir.resolve("large.yaml");
        Files.writeString(spec, """
                name: large-out-of-fold
                data:
                  file: %s
                  target: y
                  testFile: %s
                cv:
                  folds: 3
                strategy:
                  type: grid
                  seed: 1
                training:
                  maxEpochs: 2
                space:
                  hiddenLayers: 1
                  neurons: 8
                  optimizer: adam
                  learningRate: {choice: [0.01, 0.003]}
                  batchSize: 256
                """.formatted(data, test));
        Path model = dir.resolve("model.zip");

        Cli cli = Cli.run("local", "--spec", spec.toString(), "--workers", "1", "--json", "--out", model.toString());

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        JsonNode result = JSON.readTree(cli.out());
        assertThat(result.get("trials")).hasSize(2)
                .allSatisfy(t -> assertThat(t.get("status").asText()).isEqualTo("completed"));
        JsonNode ensemble = result.get("ensemble");
        assertThat(ensemble.isNull()).as("an ensemble was selected").isFalse();
        // Selected on every training row's out-of-fold prediction, read from the blob store.
        assertThat(ensemble.get("out_of_fold").get("n").asInt()).isEqualTo(TRAIN_ROWS);
        assertThat(ensemble.get("members").size()).isPositive();
        assertThat(ensemble.get("members")).allSatisfy(m -> assertThat(m.get("test").get("n").asInt())
                .isEqualTo(TEST_ROWS));

        // The bundle is that ensemble: its members with their weights (one member: the trial alone).
        BundleInfo info = ModelBundle.read(model).info();
        List<String> selected = new ArrayList<>();
        ensemble.get("members").forEach(m -> selected.add(m.get("trial_id").asText() + "=" + m.get("weight").asDouble()));
        if (selected.size() > 1) {
            assertThat(info.members()).extracting(m -> m.trialId() + "=" + m.weight()).containsExactlyElementsOf(selected);
        } else {
            assertThat(info.trialId() + "=1.0").isEqualTo(selected.get(0));
        }
        Cli predict = Cli.run("predict", "--model", model.toString(), "--data", test.toString(), "--json");
        assertThat(predict.exitCode()).as(predict.err()).isZero();
        assertThat(JSON.readTree(predict.out()).get("metrics").get("mse").asDouble())
                .isCloseTo(result.get("test").get("mse").asDouble(), within(1e-4));
    }
}
