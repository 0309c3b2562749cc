package dev.trialstream.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** predict given files that are not what it needs: one line naming the flag and the file, exit 2. */
class PredictBadInputTest {

    @TempDir
    Path dir;

    /** It said "column "y" of new.csv is categorical, expected numbers", with no cell or line. */
    @Test
    void predict_aTargetColumnHoldingText_exits2WithAnExampleAndItsLine() throws IOException {
        Path train = dir.resolve("train.csv");
        Files.writeString(train, dev.trialstream.core.testing.SyntheticData.linearCsv(30, 2, 0.05, 1));
        Path model = SavedModels.trainOn(train, 1);
        List<String> lines = Files.readAllLines(train);
        Path text = dir.resolve("new.csv");
        Files.writeString(text, lines.get(0) + "\n" + lines.get(1) + "\n" + lines.get(2).replaceFirst("[^,]*$", "high") + "\n");

        Cli cli = Cli.run("predict", "--model", model.toString(), "--data", text.toString());

        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("trialstream predict: file " + text + ": the target column \"y\" holds text"
                + " (e.g. \"high\" on line 3), not numbers, so predictions cannot be scored against it; fix its values,"
                + " or rename or remove the column to predict without scores\n");
    }

    @Test
    void predict_truncatedBundleExits2NamingTheModelFlagAndFile() throws IOException {
        Path model = dir.resolve("trunc.zip");
        byte[] whole = zip("bundle.json", "{\"schemaVersion\": 1, \"padding\": \"" + "abcdefgh".repeat(500) + "\"}");
        Files.write(model, Arrays.copyOf(whole, whole.length / 2));
        Path data = dir.resolve("ok.csv");
        Files.writeString(data, "x,y\n1,2\n");

        Cli cli = Cli.run("predict", "--model", model.toString(), "--data", data.toString());

        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(2);
        assertThat(cli.err()).startsWith("trialstream predict: --model " + model
                + ": not a readable trialstream model bundle (truncated or corrupt zip: ");
    }

    @Test
    void predict_nonZipModelExits2NamingTheModelFlag() throws IOException {
        Path model = dir.resolve("notes.txt");
        Files.writeString(model, "not a zip\n");

        Cli cli = Cli.run("predict", "--model", model.toString(), "--data", model.toString());

        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("trialstream predict: --model " + model
                + " is not a trialstream model bundle: it has no bundle.json");
    }

    @Test
    void predict_aDirectoryAsModelOrDataExits2NamingTheFlagAndPath() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("folder"));
        Path file = dir.resolve("some.csv");
        Files.writeString(file, "x,y\n1,2\n");

        Cli model = Cli.run("predict", "--model", folder.toString(), "--data", file.toString());
        Cli data = Cli.run("predict", "--model", file.toString(), "--data", folder.toString());

        assertThat(model.exitCode()).as(model.err()).isEqualTo(2);
        assertThat(model.err().strip()).isEqualTo("trialstream predict: --model " + folder + ": is a directory; give a file");
        assertThat(data.exitCode()).as(data.err()).isEqualTo(2);
        assertThat(data.err().strip()).isEqualTo("trialstream predict: --data " + folder + ": is a directory; give a file");
    }

    private static byte[] zip(String name, String content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return out.toByteArray();
    }
}
