package dev.trialstream.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.core.testing.SyntheticData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An output flag that names one of the command's own input files is refused before the run, exit 2,
 * and the input is left as it was: predict --out data.csv wrote its predictions over the data, and
 * train --save-model data.csv a zip over the training data, without a word.
 */
class OutputOverInputTest {

    @TempDir
    static Path dir;

    private static Path data;
    private static Path model;
    private static String csv;

    @BeforeAll
    static void trainABundle() throws Exception {
        csv = SyntheticData.linearCsv(40, 2, 0.05, 1);
        data = dir.resolve("data.csv");
        Files.writeString(data, csv);
        model = SavedModels.trainOn(data, 1);
    }

    @Test
    void predict_outThatIsTheDataFile_isRefusedAndTheDataKept() throws Exception {
        Cli cli = Cli.run("predict", "--model", model.toString(), "--data", data.toString(), "--out", data.toString());

        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("trialstream predict: --out " + data + ": is also the --data file;"
                + " writing there would replace it: give another file name");
        assertThat(Files.readString(data)).isEqualTo(csv);
    }

    @Test
    void predict_outThatIsTheModelSpelledAnotherWay_isRefusedAndTheModelKept() throws Exception {
        byte[] before = Files.readAllBytes(model);
        Path otherSpelling = dir.resolve("sub/../model.zip");
        Files.createDirectories(dir.resolve("sub"));

        Cli cli = Cli.run("predict", "--model", model.toString(), "--data", data.toString(),
                "--out", otherSpelling.toString());

        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(2);
        assertThat(cli.err()).contains("--out " + otherSpelling + ": is also the --model file;");
        assertThat(Files.readAllBytes(model)).isEqualTo(before);
    }

    @Test
    void train_saveModelThatIsTheDataFileOrALinkToIt_isRefusedBeforeTraining() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), data);

        Cli same = Cli.run("train", "--data", data.toString(), "--target", "y", "--epochs", "1",
                "--save-model", data.toString());
        Cli viaLink = Cli.run("train", "--data", data.toString(), "--target", "y", "--epochs", "1",
                "--save-model", link.toString());

        assertThat(same.exitCode()).as(same.err()).isEqualTo(2);
        assertThat(same.err().strip()).isEqualTo("trialstream train: --save-model " + data + ": is also the --data"
                + " file; writing there would replace it: give another file name");
        assertThat(same.out()).isEmpty();
        assertThat(viaLink.exitCode()).as(viaLink.err()).isEqualTo(2);
        assertThat(viaLink.err()).contains("--save-model " + link + ": is also the --data file;");
        assertThat(Files.readString(data)).isEqualTo(csv);
    }

    @Test
    void local_outOrReportThatIsTheSpecOrItsData_isRefusedBeforeTheSearch() throws Exception {
        Path spec = dir.resolve("search.yaml");
        String yaml = "name: over\ndata:\n  file: data.csv\n  target: y\nstrategy:\n  type: random\n  trials: 1\n"
                + "training:\n  maxEpochs: 1\nspace:\n  neurons: [8, 16]\n";
        Files.writeString(spec, yaml);

        Cli out = Cli.run("local", "--spec", spec.toString(), "--workers", "1", "--out", data.toString());
        Cli report = Cli.run("local", "--spec", spec.toString(), "--workers", "1", "--report", spec.toString());

        assertThat(out.exitCode()).as(out.err()).isEqualTo(2);
        assertThat(out.err()).contains("trialstream local: --out " + data + ": is also the spec's data.file;"
                + " writing there would replace it: give another file name").doesNotContain("worker slot");
        assertThat(report.exitCode()).as(report.err()).isEqualTo(2);
        assertThat(report.err()).contains("--report " + spec + ": is also the --spec file;");
        assertThat(Files.readString(data)).isEqualTo(csv);
        assertThat(Files.readString(spec)).isEqualTo(yaml);
    }
}
