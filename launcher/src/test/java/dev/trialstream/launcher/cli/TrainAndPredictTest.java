package dev.trialstream.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trialstream.core.bundle.BundleInfo;
import dev.trialstream.core.bundle.ModelBundle;
import dev.trialstream.core.data.CsvTableReader;
import dev.trialstream.core.data.Table;
import dev.trialstream.core.metrics.RegressionMetrics;
import dev.trialstream.core.testing.SyntheticData;
import dev.trialstream.worker.dl4j.Dl4jTrainer;
import dev.trialstream.worker.training.BundlePredictor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainAndPredictTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void train_jsonReportsCvOfEveryFold() throws Exception {
        Cli cli = Cli.run("train", "--dataset", "boston", "--epochs", "3", "--folds", "4", "--json",
                "--param", "neurons=16", "--param", "learningRate=0.01");

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        JsonNode result = JSON.readTree(cli.out());
        assertThat(result.get("status").asText()).isEqualTo("completed");
        assertThat(result.get("fold_mse")).hasSize(4);
        assertThat(result.get("epochs").asInt()).isEqualTo(3);
        assertThat(result.get("params").get("neurons").asInt()).isEqualTo(16);
        double mean = 0;
        for (JsonNode fold : result.get("fold_mse")) {
            mean += fold.asDouble() / 4;
        }
        assertThat(result.get("cv_mse").asDouble()).isCloseTo(mean, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void train_repeatReportsEachRunsWallAndProcessCpuSeconds() throws Exception {
        // Long enough to register: the process CPU clock may tick in 10 ms steps, and 2 epochs of 8 units take less.
        Cli cli = Cli.run("train", "--dataset", "boston", "--epochs", "40", "--repeat", "2", "--json",
                "--param", "neurons=64");

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        JsonNode result = JSON.readTree(cli.out());
        assertThat(result.get("run_seconds")).hasSize(2);
        assertThat(result.get("run_cpu_seconds")).hasSize(2);
        for (JsonNode cpu : result.get("run_cpu_seconds")) {
            assertThat(cpu.asDouble()).isPositive();
        }
    }

    @Test
    void train_badParamExits2NamingIt() {
        Cli cli = Cli.run("train", "--dataset", "boston", "--param", "activation=swish");

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("trialstream train: --param: activation must be one of", "\"swish\"");
    }

    @Test
    void train_badCsvExits2NamingLineAndColumn() throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "a,b,y\n1,2,3\n4,5,6\n7,abc,9\n1,1,1\n2,2,2\n");

        Cli cli = Cli.run("train", "--data", csv.toString(), "--target", "y");

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("line 4", "column \"b\"", "\"abc\" is not a number");
    }

    @Test
    void train_moreFoldsThanTrainingRowsNamesFoldsAndTheTestSplit() throws Exception {
        Path csv = dir.resolve("five.csv");
        Files.writeString(csv, "a,y\n1,2\n2,3\n3,4\n4,5\n5,6\n");

        Cli cli = Cli.run("train", "--data", csv.toString(), "--target", "y", "--folds", "10");

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("--folds", "is 10", "4 training rows", "5 rows, 1 row held out as the test split");
    }

    @Test
    void train_zeroHiddenLayersExits2() {
        Cli cli = Cli.run("train", "--dataset", "boston", "--epochs", "1", "--param", "hiddenLayers=0");

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("trialstream train: --param: hiddenLayers must be in [1, 16], found 0");
    }

    @Test
    void finalFitBundle_isLoadedAndScoredByPredict() throws Exception {
        // One function, split by lines: the first 240 rows train, the last 60 test.
        Path test = dir.resolve("test.csv");
        Path model = dir.resolve("out/model.zip");

        Cli trained = trainOnSplit(300, 4, 0.05, 1, 240, model,
                "--epochs", "40", "--param", "learningRate=0.01", "--json");
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        JsonNode trainJson = JSON.readTree(trained.out());
        ModelBundle bundle = ModelBundle.read(model);
        assertThat(bundle.info().params().learningRate()).isEqualTo(0.01);
        // Its 40 cross-validated epochs times the default final-fit scale, 1.5.
        assertThat(bundle.info().epochs()).isEqualTo(60);
        // No network diverged: nothing left out, and train says so.
        assertThat(trainJson.get("left_out")).isEmpty();

        Cli predicted = Cli.run("predict", "--model", model.toString(), "--data", test.toString(), "--json");

        assertThat(predicted.exitCode()).as(predicted.err()).isZero();
        JsonNode result = JSON.readTree(predicted.out());
        assertThat(result.get("rows").asInt()).isEqualTo(60);
        assertThat(result.get("predictions")).hasSize(60);
        // predict, loading the bundle from disk, reproduces the test score the final fit measured.
        assertThat(result.get("metrics").get("mse").asDouble())
                .isCloseTo(trainJson.get("test").get("mse").asDouble(), org.assertj.core.api.Assertions.within(1e-4));
        assertThat(result.get("metrics").get("r2").asDouble()).isGreaterThan(0.9);
    }

    @Test
    void finalModels_bundleAveragesNetworksTrainedWithConsecutiveSeeds() throws Exception {
        Path test = dir.resolve("test.csv");
        Path model = dir.resolve("ensemble.zip");

        Cli trained = trainOnSplit(200, 3, 0.1, 4, 160, model,
                "--epochs", "15", "--train-seed", "5", "--param", "learningRate=0.01", "--param", "dropout=0.2",
                "--final-models", "3", "--json");

        assertThat(trained.exitCode()).as(trained.err()).isZero();
        ModelBundle bundle = ModelBundle.read(model);
        assertThat(bundle.info().models()).isEqualTo(3);
        assertThat(bundle.info().seed()).isEqualTo(5);
        assertThat(bundle.models()).hasSize(3);
        Table rows = new CsvTableReader().read("test.csv", Files.readAllBytes(test), List.of());
        Dl4jTrainer trainer = new Dl4jTrainer();
        double[] ensemble = new BundlePredictor(trainer, bundle).predict(rows);
        double[][] members = new double[3][];
        for (int m = 0; m < 3; m++) {
            BundleInfo one = withModels(bundle.info(), 1);
            members[m] = new BundlePredictor(trainer, new ModelBundle(one, List.of(bundle.models().get(m)))).predict(rows);
        }
        // Each network's own test score is recorded.
        for (int m = 0; m < 3; m++) {
            assertThat(bundle.info().memberTests().get(m).mse()).isCloseTo(
                    RegressionMetrics.of(rows.numeric("y").values(), members[m]).mse(),
                    org.assertj.core.api.Assertions.within(1e-4));
        }
        // Different seeds: the networks differ; the bundle predicts their mean.
        assertThat(members[0]).isNotEqualTo(members[1]);
        assertThat(members[1]).isNotEqualTo(members[2]);
        for (int i = 0; i < ensemble.length; i++) {
            assertThat(ensemble[i]).isCloseTo((members[0][i] + members[1][i] + members[2][i]) / 3,
                    org.assertj.core.api.Assertions.within(1e-3));
        }
        // The test score in the bundle is the ensemble's, and predict reproduces it.
        Cli predicted = Cli.run("predict", "--model", model.toString(), "--data", test.toString(), "--json");
        assertThat(predicted.exitCode()).as(predicted.err()).isZero();
        assertThat(JSON.readTree(predicted.out()).get("metrics").get("mse").asDouble())
                .isCloseTo(bundle.info().test().mse(), org.assertj.core.api.Assertions.within(1e-4));
    }

    @Test
    void predict_saysWhatTheBundlesFinalFitLeftOut() throws Exception {
        Path test = dir.resolve("test.csv");
        Path model = dir.resolve("m.zip");
        Cli trained = trainOnSplit(120, 3, 0.1, 2, 100, model, "--epochs", "4");
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        // As the final fit writes it when one of two networks diverged (FinalFitterTest makes one diverge).
        BundleInfo i = ModelBundle.read(model).info();
        String why = "network seed 1: training MSE is NaN after 6 epochs (learning rate 0.001 with adam)";
        new ModelBundle(new BundleInfo(i.schemaVersion(), i.searchId(), i.trialId(), i.dataset(), i.fingerprint(),
                i.params(), i.epochs(), i.seed(), i.models(), i.preprocessing(), i.test(), i.memberTests(), i.cvMse(),
                i.backend(), i.createdAt(), List.of(), List.of(why)), ModelBundle.read(model).models()).writeTo(model);

        Cli json = Cli.run("predict", "--model", model.toString(), "--data", test.toString(), "--json");
        Cli text = Cli.run("predict", "--model", model.toString(), "--data", test.toString(),
                "--out", dir.resolve("p.csv").toString());

        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(JSON.readTree(json.out()).get("left_out")).extracting(JsonNode::asText).containsExactly(why);
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.err()).contains("  left out of the final model: " + why);
    }

    @Test
    void train_saveModelThatCannotBeWrittenAtTheEnd_printsTheResultsAndKeepsTheBundleElsewhere() throws IOException {
        Path wanted = dir.resolve("m.zip");
        // Passes the check before training; the write at the end fails, as on a disk filled meanwhile:
        // the bundle is written to m.zip.partial first, and that is a directory.
        Files.createDirectory(dir.resolve("m.zip.partial"));
        Path train = dir.resolve("train.csv");
        Files.writeString(train, SyntheticData.linearCsv(60, 2, 0.05, 1));

        Cli cli = Cli.run("train", "--data", train.toString(), "--target", "y", "--epochs", "2", "--folds", "2",
                "--save-model", wanted.toString());

        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(1);
        assertThat(cli.out()).contains("cv_mse", "test     n=12");
        Matcher kept = Pattern.compile("; it is at (\\S+) instead").matcher(cli.err());
        assertThat(kept.find()).as(cli.err()).isTrue();
        Path model = Path.of(kept.group(1));
        try {
            assertThat(cli.err().strip()).startsWith("trialstream train: could not write the model bundle to " + wanted
                    + " (").endsWith("); it is at " + model + " instead");
            assertThat(cli.out()).contains("model    " + model);
            assertThat(ModelBundle.read(model).info().params().neurons()).isEqualTo(64);
            assertThat(wanted).doesNotExist();
        } finally {
            Files.deleteIfExists(model);
        }
    }

    @Test
    void predict_outThatCannotBeWrittenAtTheEnd_namesTheFlagAndTheFile() throws IOException {
        Path full = Path.of("/dev/full"); // passes the check before predicting; a write there finds the disk full
        assumeTrue(Files.exists(full) && !Files.isRegularFile(full) && Files.isWritable(full.getParent()),
                "a /dev/full the check accepts");
        Path data = dir.resolve("data.csv");
        Files.writeString(data, SyntheticData.linearCsv(40, 2, 0.05, 1));
        Path model = dir.resolve("model.zip");
        assertThat(Cli.run("train", "--data", data.toString(), "--target", "y", "--epochs", "1", "--folds", "2",
                "--save-model", model.toString()).exitCode()).isZero();

        Cli cli = Cli.run("predict", "--model", model.toString(), "--data", data.toString(), "--out", full.toString());

        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err().strip())
                .isEqualTo("trialstream predict: --out /dev/full: cannot write it (No space left on device)");
    }

    @Test
    void train_finalModelsOutOfRangeExits2NamingTheOption() {
        Cli cli = Cli.run("train", "--dataset", "boston", "--epochs", "1", "--final-models", "0", "--save-model",
                dir.resolve("m.zip").toString());

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("--final-models: must be at least 1, found 0");
    }

    /**
     * {@link SyntheticData#linearCsv}'s rows split by line, the first {@code trainRows} to
     * train.csv and the rest to test.csv (each under the header), then {@code train} on them with
     * the test split, saving its model to {@code model}; {@code options} come last.
     */
    private Cli trainOnSplit(int rows, int features, double noise, long seed, int trainRows, Path model,
                             String... options) throws IOException {
        String[] lines = SyntheticData.linearCsv(rows, features, noise, seed).split("\n");
        Path train = dir.resolve("train.csv");
        Path test = dir.resolve("test.csv");
        Files.writeString(train, String.join("\n", java.util.Arrays.copyOfRange(lines, 0, trainRows + 1)) + "\n");
        Files.writeString(test,
                lines[0] + "\n" + String.join("\n", java.util.Arrays.copyOfRange(lines, trainRows + 1, rows + 1)) + "\n");
        List<String> args = new java.util.ArrayList<>(List.of("train", "--data", train.toString(), "--target", "y",
                "--test", test.toString(), "--save-model", model.toString()));
        args.addAll(List.of(options));
        return Cli.run(args.toArray(String[]::new));
    }

    private static BundleInfo withModels(BundleInfo i, int models) {
        return new BundleInfo(i.schemaVersion(), i.searchId(), i.trialId(), i.dataset(), i.fingerprint(), i.params(),
                i.epochs(), i.seed(), models, i.preprocessing(), i.test(), List.of(), i.cvMse(), i.backend(), i.createdAt());
    }

    @Test
    void predict_aMissingFileExits2NamingIt() throws Exception {
        Path absent = dir.resolve("absent.zip");

        Cli noModel = Cli.run("predict", "--model", absent.toString(), "--data", absent.toString());

        assertThat(noModel.exitCode()).isEqualTo(2);
        assertThat(noModel.err().strip()).isEqualTo("trialstream predict: no such file: " + absent);
    }

    @Test
    void predict_csvMissingAFeatureColumnExits2NamingIt() throws Exception {
        Path train = dir.resolve("train.csv");
        Files.writeString(train, SyntheticData.linearCsv(100, 3, 0.05, 1));
        Path model = dir.resolve("model.zip");
        assertThat(Cli.run("train", "--data", train.toString(), "--target", "y", "--epochs", "2",
                "--save-model", model.toString()).exitCode()).isZero();
        Path other = dir.resolve("other.csv");
        Files.writeString(other, "x0,x1,y\n1,2,3\n");

        Cli cli = Cli.run("predict", "--model", model.toString(), "--data", other.toString());

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("x2");
    }

    @Test
    void predict_scoresTheRowsWithATargetAndSaysWhichLinesItLeftOut() throws Exception {
        Path model = dir.resolve("m.zip");
        assertThat(trainOnSplit(60, 2, 0.1, 1, 50, model, "--epochs", "2").exitCode()).isZero();
        Path test = dir.resolve("test.csv");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(test));
        lines.set(6, lines.get(6).replaceAll(",[^,]*$", ","));
        Files.write(test, lines);

        Cli text = Cli.run("predict", "--model", model.toString(), "--data", test.toString(),
                "--out", dir.resolve("p.csv").toString());
        Cli json = Cli.run("predict", "--model", model.toString(), "--data", test.toString(), "--json");

        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.err()).containsPattern(java.util.regex.Pattern.quote(test + ": n=9 mse ")
                + "[0-9].* r2 -?[0-9][^ ]* \\(1 row without a target, not scored: line 7\\)");
        assertThat(Files.readAllLines(dir.resolve("p.csv"))).hasSize(11);
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode result = JSON.readTree(json.out());
        assertThat(result.get("predictions")).hasSize(10);
        assertThat(result.get("metrics").get("n").asInt()).isEqualTo(9);
        assertThat(result.get("metrics").get("mse").isNumber()).isTrue();
        assertThat(result.get("without_target").get("rows").asInt()).isEqualTo(1);
        assertThat(result.get("without_target").get("first_line").asInt()).isEqualTo(7);
    }
}
