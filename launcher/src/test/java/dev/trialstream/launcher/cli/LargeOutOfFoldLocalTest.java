package dev.trialstream.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trialstream.core.ensemble.OutOfFold;
import dev.trialstream.core.testing.SyntheticData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training split too large for out-of-fold predictions inline in their event (more than 24,576
 * rows): through `local`'s embedded broker, the worker sends them through the blob store, the
 * aggregator reads them back, and the trials join the ensemble.
 */
class LargeOutOfFoldLocalTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** 31,000 rows, a fifth held out: 24,800 training rows, above the inline limit. */
    private static final int ROWS = 31_000;
    private static final int TRAIN_ROWS = 24_800;

    @TempDir
    Path dir;

    @Test
    void local_trialsWithMoreRowsThanFitInlineJoinTheEnsemble() throws Exception {
        assertThat(new OutOfFold(new float[TRAIN_ROWS], new float[TRAIN_ROWS]).tooLargeInline()).isTrue();
        Path data = dir.resolve("large.csv");
        Files.writeString(data, SyntheticData.linearCsv(ROWS, 3, 0.1, 3));
        Path spec = dir.resolve("large.yaml");
        Files.writeString(spec, """
                name: large-out-of-fold
                data:
                  file: %s
                  target: y
                  testFraction: 0.2
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
                """.formatted(data));
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
                .isEqualTo(ROWS - TRAIN_ROWS));
    }
}
