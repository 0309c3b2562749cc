package dev.trialstream.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

    @TempDir
    Path dir;

    @Test
    void validate_exampleSpecIsOk() {
        Cli cli = Cli.run("validate", "../examples/boston-random.yaml");

        assertThat(cli.exitCode()).isZero();
        assertThat(cli.out()).contains("ok", "boston-random", "20 trials");
    }

    @Test
    void validate_listsEveryProblemAndExits2() throws IOException {
        Path spec = dir.resolve("bad.yaml");
        Files.writeString(spec, """
                data: {dataset: boston}
                strategy: {type: random, trials: 5}
                training: {maxEpochs: 0}
                space:
                  learningRate: {logUniform: {min: 0, max: 0.1}}
                  activation: [relu, swish]
                """);

        Cli cli = Cli.run("validate", spec.toString());

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("training.maxEpochs", "space.learningRate.logUniform: min must be > 0, found 0",
                "space.activation[1]: activation must be one of");
        assertThat(cli.err()).doesNotContain("Exception");
    }

    /** The column is checked with the spec, so even --no-data catches it, at the field's line. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"with the data", "--no-data"})
    void validate_aTargetTheBuiltinDatasetLacks_namesDataTargetWithItsLineAndListsTheColumns(String how)
            throws IOException {
        Path spec = dir.resolve("price.yaml");
        Files.writeString(spec, """
                strategy: {type: random, trials: 2}
                data:
                  dataset: boston
                  target: PRICE
                space: {neurons: [32, 64]}
                """);

        Cli cli = how.equals("--no-data") ? Cli.run("validate", "--no-data", spec.toString())
                : Cli.run("validate", spec.toString());

        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("trialstream validate: " + spec + ":4:3: data.target: built-in dataset boston"
                + " has no column \"PRICE\"; its columns: crim, zn, indus, chas, nox, rm, age, dis, rad, tax,"
                + " ptratio, b, lstat, medv (leave data.target out to use its own target, medv)\n");
    }

    /**
     * A user's file lacking the spec's column said "target column ... not found in /abs/houses.csv", naming
     * no field, and --no-data passed it; validate, local and submit refuse it before anything starts.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"validate", "validate --no-data", "local --spec", "submit --bootstrap 127.0.0.1:1"})
    void validate_aColumnTheUsersFileLacks_namesTheFieldWithItsLine_theFileAndItsColumns(String command)
            throws IOException {
        Files.writeString(dir.resolve("houses.csv"), "\uFEFFrooms;Price;area\r\n3;200;50\r\n4;250;70\r\n");
        Path spec = dir.resolve("houses.yaml");
        Files.writeString(spec, """
                strategy: {type: random, trials: 2}
                data:
                  file: houses.csv
                  target: price
                  categorical: [room]
                  foldColumn: fold
                space: {neurons: [32, 64]}
                """);
        String[] words = command.split(" ");
        List<String> args = new ArrayList<>(List.of(words));
        args.add(words[0].equals("submit") ? 1 : args.size(), spec.toString()); // submit takes the spec first

        Cli cli = Cli.run(args.toArray(String[]::new));

        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("trialstream " + words[0] + ": " + spec + ":4:3: data.target: file houses.csv"
                + " has no column \"price\" (did you mean Price?); its columns: rooms, Price, area\n"
                + spec + ":5:17: data.categorical[0]: file houses.csv has no column \"room\" (did you mean rooms?);"
                + " its columns: rooms, Price, area\n"
                + spec + ":6:3: data.foldColumn: file houses.csv has no column \"fold\"; its columns: rooms, Price, area\n");
    }

    /** It said "target column ... not found in /abs/test.csv", naming no field. */
    @Test
    void validate_aTestFileLackingTheTarget_namesDataTestFileWithItsLine() throws IOException {
        Files.writeString(dir.resolve("train.csv"), "rooms,price\n3,200\n4,250\n5,300\n");
        Files.writeString(dir.resolve("test.csv"), "rooms,Price\n3,200\n");
        Path spec = dir.resolve("t.yaml");
        Files.writeString(spec, """
                strategy: {type: random, trials: 2}
                data: {file: train.csv, testFile: test.csv, target: price}
                space: {neurons: [32, 64]}
                """);

        Cli cli = Cli.run("validate", "--no-data", spec.toString());

        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("trialstream validate: " + spec + ":2:25: data.testFile: file test.csv has no"
                + " column \"price\" (did you mean Price?); its columns: rooms, Price (data.target)\n");
    }

    @Test
    void validate_missingFileExits2WithItsName() {
        Cli cli = Cli.run("validate", dir.resolve("nope.yaml").toString());

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("nope.yaml");
    }

    private Path specOn(String csv, String target, int folds) throws IOException {
        Files.writeString(dir.resolve("d.csv"), csv);
        Path spec = dir.resolve("s.yaml");
        Files.writeString(spec, """
                data: {file: d.csv, target: %s, testFraction: 0}
                cv: {folds: %d}
                strategy: {type: random, trials: 2}
                training: {maxEpochs: 3}
                space:
                  learningRate: [0.01]
                """.formatted(target, folds));
        return spec;
    }

    /** Data that every other command rejects: validate must reject it too, with the same message. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            target missing from the CSV | a,b,y;1,2,3;4,5,6;7,8,9     | price | 2  | data.target: file d.csv has no column "price" | columns: a, b, y
            text target                 | a,b,y;1,2,low;4,5,high;7,8,low | y  | 2  | target column "y" holds text    | e.g. "low" on line 2
            more folds than rows        | a,y;1,2;2,3;3,4;4,5;5,6     | y     | 10 | cv.folds (--folds) is 10        | 5 training rows
            """)
    void validate_badDataExits2(String what, String rows, String target, int folds, String message, String detail)
            throws IOException {
        Path spec = specOn(rows.replace(';', '\n') + "\n", target, folds);

        Cli cli = Cli.run("validate", spec.toString());

        assertThat(cli.exitCode()).as(what).isEqualTo(2);
        assertThat(cli.err()).contains(message, detail);
        assertThat(cli.out()).doesNotContain("ok");
    }

    @Test
    void validate_aSpaceOfOneConfigurationSearchedBySeveralTrials_isOkWithANoteThatOnlyTheSeedDiffers()
            throws IOException {
        Path empty = dir.resolve("empty.yaml");
        Files.writeString(empty, """
                data: {dataset: boston}
                strategy: {type: random, trials: 3}
                space: {}
                """);
        Path one = dir.resolve("one.yaml");
        Files.writeString(one, """
                data: {dataset: boston}
                strategy: {type: random, trials: 1}
                space: {}
                """);
        Path searched = dir.resolve("searched.yaml");
        Files.writeString(searched, """
                data: {dataset: boston}
                strategy: {type: random, trials: 3}
                space:
                  dropout: [0.0, 0.1]
                """);

        Cli cli = Cli.run("validate", empty.toString());

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.err().strip()).isEqualTo("note: " + empty + ": the space has one configuration (every"
                + " parameter fixed, or left out and so at its default): its 3 trials train it 3 times, differing only"
                + " in their seed; give a parameter a choice or a range to search it (see examples/)");
        for (Path quiet : List.of(one, searched)) {
            Cli ok = Cli.run("validate", quiet.toString());
            assertThat(ok.exitCode()).as(ok.err()).isZero();
            assertThat(ok.err()).as(quiet.toString()).doesNotContain("note");
        }
    }

    /** A feature column of one value (a filtered export, say) trained with no word. */
    @Test
    void validate_aFeatureColumnOfOneValue_isOkWithANoteNamingIt() throws IOException {
        StringBuilder csv = new StringBuilder("a,region,price\n");
        for (int i = 0; i < 12; i++) {
            csv.append(i).append(",north,").append(100 + 3 * i).append('\n');
        }
        Files.writeString(dir.resolve("d.csv"), csv);
        Path spec = dir.resolve("s.yaml");
        Files.writeString(spec, """
                data: {file: d.csv, target: price}
                strategy: {type: random, trials: 2}
                space: {neurons: [8, 16]}
                """);

        Cli cli = Cli.run("validate", spec.toString());

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.err()).contains("note: " + spec + ": " + dir.resolve("d.csv") + ": column \"region\" (north) holds one value in every"
                + " training row (missing cells aside), so no trial can learn from it; it is kept: check the file, or"
                + " leave it out of it");
    }

    @Test
    void validate_aRawTargetInTheMillions_isOkWithANoteNamingItsScaleAndTheSetting() throws IOException {
        StringBuilder csv = new StringBuilder("a,price\n");
        for (int i = 0; i < 12; i++) {
            csv.append(i).append(',').append(1_000_000 + 100_000 * i).append('\n');
        }
        Files.writeString(dir.resolve("d.csv"), csv);
        String spec = """
                data: {file: d.csv, target: price, testFraction: 0}
                strategy: {type: random, trials: 2}
                training: {maxEpochs: 3%s}
                space:
                  learningRate: [0.01, 0.02]
                """;
        Path raw = dir.resolve("raw.yaml");
        Files.writeString(raw, spec.formatted(", standardizeTarget: false"));
        Path standardized = dir.resolve("standardized.yaml");
        Files.writeString(standardized, spec.formatted(""));

        Cli cli = Cli.run("validate", raw.toString());
        Cli plain = Cli.run("validate", standardized.toString());

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).contains("ok");
        assertThat(cli.err().strip()).isEqualTo("note: " + raw + ": the target \"price\" is not standardized"
                + " (--no-standardize-target, or training.standardizeTarget: false) and its standard deviation is"
                + " 3.45e+05 (mean 1.55e+06): networks train badly on a target that far from unit scale, and trials"
                + " may diverge; standardize it (the default) unless you mean this");
        assertThat(plain.exitCode()).as(plain.err()).isZero();
        assertThat(plain.err()).doesNotContain("note");
    }

    @Test
    void validate_noDataSkipsTheDataChecks() throws IOException {
        // A missing target column is said by --no-data too (the header alone tells): the rows are what it skips.
        Path spec = specOn("a,b,y\n1,2,3\n4,5,6\n7,8,9\n", "y", 10);

        Cli cli = Cli.run("validate", "--no-data", spec.toString());

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).contains("ok");
    }
}
