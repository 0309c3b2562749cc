package dev.trialstream.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.launcher.Main;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad command lines through the real entry point: each exits 2 with one line that names the flag
 * at fault, before anything starts (no run summary, no Kafka client).
 */
class CommandLineErrorsTest {

    static Stream<Arguments> badCommandLines() {
        return Stream.of(
                Arguments.of(new String[]{"local", "--dataset", "boston", "--folds", "1"},
                        "trialstream local: --folds: must be at least 2, found 1"),
                Arguments.of(new String[]{"local", "--dataset", "boston", "--epochs", "0"},
                        "--epochs: must be at least 1, found 0"),
                Arguments.of(new String[]{"train", "--dataset", "boston", "--final-models", "21"},
                        "--final-models: must be at most 20, found 21"),
                Arguments.of(new String[]{"local", "--dataset", "boston", "--workers", "0"},
                        "--workers: must be at least 1, found 0"),
                Arguments.of(new String[]{"local", "--dataset", "boston", "--workers", "1000"},
                        "--workers: must be at most 256, found 1000"),
                Arguments.of(new String[]{"local", "--dataset", "boston", "--strategy", "grid"},
                        "--strategy grid: the built-in space of --dataset boston has continuous domains "
                                + "(dropout, learningRate); write a spec with choice/fixed domains (see examples/boston-grid.yaml)"),
                Arguments.of(new String[]{"local", "--dataset", "boston", "--strategy", "anneal"},
                        "--strategy: must be one of [grid, random, quasirandom, tpe, hyperband], found \"anneal\""),
                Arguments.of(new String[]{"local", "--bogus", "--help"}, "Unknown option: '--bogus'"),
                Arguments.of(new String[]{"local", "--spec="}, "trialstream local: --spec: empty file name"),
                Arguments.of(new String[]{"local", "--dataset", "boston", "--out="}, "trialstream local: --out: empty file name"),
                Arguments.of(new String[]{"train", "--dataset", "boston", "--save-model="},
                        "trialstream train: --save-model: empty file name"),
                // A data flag beside a spec was ignored, the spec's data winning, unless it was --dataset/--data.
                Arguments.of(new String[]{"local", "--spec", "../examples/boston-random.yaml", "--test-fraction", "0.3",
                    "--categorical", "chas"}, "trialstream local: give --spec or data options, not both: --test-fraction,"
                        + " --categorical with --spec (the spec's data section sets the data: data.file, data.target,"
                        + " data.testFraction ...)"),
                Arguments.of(new String[]{"validate", "/"}, "/: is a directory, not a spec file"),
                // A directory as --data or --test said "file / cannot be read: java.io.IOException: Is a directory".
                Arguments.of(new String[]{"train", "--data", "/", "--target", "y"},
                        "trialstream train: --data /: is a directory; give a file"),
                Arguments.of(new String[]{"local", "--data", "../examples/boston-grid.yaml", "--target", "y", "--test", "/"},
                        "trialstream local: --test /: is a directory; give a file"),
                Arguments.of(new String[]{"train", "--dataset", "boston", "--seed", "3"}, "Unknown options: '--seed', '3'"),
                Arguments.of(new String[]{"local", "--dataset", "boston", "--trials", "1", "--out", "/proc/nope/x.zip"},
                        "--out /proc/nope/x.zip: cannot create directory /proc/nope"),
                Arguments.of(new String[]{"export", "s-1", "--bootstrap", "127.0.0.1:1", "--out", "/proc/nope/x.zip"},
                        "--out /proc/nope/x.zip: cannot create directory /proc/nope"),
                Arguments.of(new String[]{"refit", "", "--bootstrap", "127.0.0.1:1"},
                        "trialstream refit: SEARCH_ID is empty: give the id submit printed, e.g. s-1a2b3c4d"
                                + " (`trialstream status` lists the searches)"),
                Arguments.of(new String[]{"export", " ", "--out", "x.zip", "--bootstrap", "127.0.0.1:1"},
                        "trialstream export: SEARCH_ID is empty"),
                Arguments.of(new String[]{"status", "--bootstrap", "localhost"},
                        "--bootstrap: \"localhost\" has no port; expected HOST:PORT, e.g. localhost:9092"),
                Arguments.of(new String[]{"leaderboard", "s-1", "--bootstrap", "foo bar:9092"},
                        "--bootstrap: \"foo bar:9092\" contains a space"),
                Arguments.of(new String[]{"status", "--bootstrap", "kafka:ninety"},
                        "--bootstrap: \"kafka:ninety\": the port must be a number from 1 to 65535, found \"ninety\""),
                Arguments.of(new String[]{"worker", "--bootstrap", "127.0.0.1:9092", "--pack-size", "0"},
                        "--pack-size: must be at least 1, found 0"),
                Arguments.of(new String[]{"local", "--dataset", "boston", "--pack-size", "0"},
                        "trialstream local: --pack-size: must be at least 1, found 0"),
                Arguments.of(new String[]{"local", "--dataset", "boston", "--pack-seconds", "3601"},
                        "trialstream local: --pack-seconds: must be at most 3600, found 3601"),
                Arguments.of(new String[]{"worker", "--bootstrap", "no-such-host.invalid:9092"},
                        "--bootstrap: cannot resolve host no-such-host.invalid"),
                Arguments.of(new String[]{"watch", "s-1", "--bootstrap", "127.0.0.1:9092", "--timeout", "0"},
                        "--timeout: must be at least 1, found 0"),
                Arguments.of(new String[]{"aggregator", "--bootstrap", "127.0.0.1:9092", "--http-port", "70000"},
                        "--http-port: must be at most 65535, found 70000"),
                Arguments.of(new String[]{"aggregator", "--bootstrap", "127.0.0.1:9092", "--top", "0"},
                        "--top: must be at least 1, found 0"),
                Arguments.of(new String[]{"worker", "--bootstrap", "127.0.0.1:9092", "--slots", "0"},
                        "--slots: must be at least 1, found 0"),
                Arguments.of(new String[]{"worker", "--bootstrap", "127.0.0.1:9092", "--final-fit-threads", "0"},
                        "--final-fit-threads: must be at least 1, found 0"),
                Arguments.of(new String[]{"worker", "--bootstrap", "127.0.0.1:9092", "--broker-wait", "-1"},
                        "--broker-wait: must be at least 0, found -1"),
                Arguments.of(new String[]{"local", "--dataset", "boston", "--http-port", "-2"},
                        "--http-port: must be at least -1, found -2"),
                Arguments.of(new String[]{"train", "--data", "x.csv", "--target", "y", "--test-fraction", "1.5"},
                        "trialstream train: --test-fraction: must be at least 0 and below 1, found 1.5"),
                Arguments.of(new String[]{"train", "--dataset", "california", "--epochs", "1", "--test-fraction", "0.5"},
                        "--test-fraction applies to --data; built-in dataset california has its own test split"),
                Arguments.of(new String[]{"train", "--dataset", "california", "--epochs", "1", "--test-fraction", "7"},
                        "trialstream train: --test-fraction: must be at least 0 and below 1, found 7"),
                Arguments.of(new String[]{"local", "--dataset", "iris"},
                        "trialstream local: --dataset: must be one of boston, california, found \"iris\""
                                + " (for a CSV file give --data FILE --target COLUMN)"),
                // A column the built-in lacks named the resource file (boston_train.csv), not the flag.
                Arguments.of(new String[]{"train", "--dataset", "boston", "--target", "PRICE"},
                        "trialstream train: --target: built-in dataset boston has no column \"PRICE\"; its columns: crim,"
                                + " zn, indus, chas, nox, rm, age, dis, rad, tax, ptratio, b, lstat, medv (leave --target"
                                + " out to use its own target, medv)"),
                Arguments.of(new String[]{"local", "--dataset", "california", "--fold-column", "Fold"},
                        "trialstream local: --fold-column: built-in dataset california has no column \"Fold\"; its"
                                + " columns: longitude,"),
                // A column --data lacks was "target column ... not found in FILE; columns: ...", naming no flag.
                Arguments.of(new String[]{"train", "--data", "../examples/data/housing-sample.csv", "--target",
                        "Median_House_Value"}, "trialstream train: --target: file ../examples/data/housing-sample.csv"
                                + " has no column \"Median_House_Value\" (did you mean median_house_value?); its columns:"
                                + " longitude, latitude, housing_median_age, total_rooms, total_bedrooms, population,"
                                + " households, median_income, median_house_value, ocean_proximity"),
                Arguments.of(new String[]{"local", "--data", "../examples/data/housing-sample.csv", "--target",
                        "median_house_value", "--categorical", "ocean_proximty"},
                        "trialstream local: --categorical: file ../examples/data/housing-sample.csv has no column"
                                + " \"ocean_proximty\" (did you mean ocean_proximity?); its columns: longitude,"),
                Arguments.of(new String[]{"train", "--data", "../examples/data/housing-sample.csv", "--target",
                        "median_house_value", "--test", "../core/src/main/resources/dev/trialstream/core/data/builtin/boston_test.csv"},
                        "trialstream train: --test: file ../core/src/main/resources/dev/trialstream/core/data/builtin/"
                                + "boston_test.csv has no column \"median_house_value\"; its columns: crim, zn, indus,"
                                + " chas, nox, rm, age, dis, rad, tax, ptratio, b, lstat, medv (the --target)"),
                Arguments.of(new String[]{"local", "--data", "../examples/data/housing-sample.csv", "--target",
                        "median_house_value", "--fold-column", "fold"},
                        "trialstream local: --fold-column: file ../examples/data/housing-sample.csv has no column"
                                + " \"fold\"; its columns: longitude,"),
                Arguments.of(new String[]{"train", "--dataset", "housing.csv", "--target", "y"},
                        "trialstream train: --dataset: must be one of boston, california, found \"housing.csv\""),
                Arguments.of(new String[]{"aggregator", "--bootstrap", "127.0.0.1:9092", "--state-dir", "/proc/nope/state"},
                        "trialstream aggregator: --state-dir /proc/nope/state: cannot create or write in it ("),
                Arguments.of(new String[]{"aggregator", "--bootstrap", "127.0.0.1:9092", "--state-dir", "pom.xml"},
                        "trialstream aggregator: --state-dir pom.xml: is a file; give a directory"),
                Arguments.of(new String[]{"cancel", "s-1", "--bootstrap", "127.0.0.1:1", "--finish", "--final-fit"},
                        "trialstream cancel: --finish and --final-fit: give one (both fit the final model;"
                                + " --final-fit stops the running trials first, --finish lets them end)"),
                Arguments.of(new String[]{"predict", "model.zip", "new.csv"},
                        "trialstream predict: Missing required options: '--model=BUNDLE', '--data=FILE'"
                                + " (given without an option: model.zip new.csv)"),
                Arguments.of(new String[]{"train", "--dataset", "boston", "--param", "neurons"},
                        "trialstream train: Value for option '--param' (NAME=VALUE) should be in KEY=VALUE format"
                                + " but was neurons"),
                Arguments.of(new String[]{"train", "--dataset", "boston", "--param", "neurons=16", "--param", "neurons=32"},
                        "trialstream train: --param neurons given twice (16, then 32)"),
                Arguments.of(new String[]{"bench-pack", "--dataset", "boston", "--param=neurons=16", "--param=neurons=32"},
                        "trialstream bench-pack: --param neurons given twice (16, then 32)"),
                Arguments.of(new String[]{"topics", "--bootstrap", "127.0.0.1:9092", "--trial-partitions", "0"},
                        "trialstream topics: --trial-partitions: must be at least 1, found 0"),
                Arguments.of(new String[]{"worker", "--bootstrap", "127.0.0.1:9092", "--partitions", "0"},
                        "trialstream worker: --partitions: must be at least 1, found 0"),
                Arguments.of(new String[]{"topics", "--bootstrap", "127.0.0.1:9092", "--replication", "0"},
                        "trialstream topics: --replication: must be at least 1, or -1 for the broker's default, found 0"),
                Arguments.of(new String[]{"aggregator", "--bootstrap", "127.0.0.1:9092", "--retain-finished", "-1"},
                        "trialstream aggregator: --retain-finished: must be at least 0, found -1"),
                Arguments.of(new String[]{"worker", "--bootstrap", "127.0.0.1:9092", "--worker-id", "a b/c"},
                        "trialstream worker: --worker-id: must be 1-100 letters, digits, '.', '_' or '-', found \"a b/c\""),
                Arguments.of(new String[]{"aggregator", "--bootstrap", "127.0.0.1:9092", "--instance-id", "a b"},
                        "trialstream aggregator: --instance-id: must be 1-100 letters, digits, '.', '_' or '-', found \"a b\""),
                // The bench commands check their counts and durations while the command line is read, as the
                // others do: each case's second flag is what the command refused first (or ran on) before.
                Arguments.of(new String[]{"bench-pack", "--dataset", "boston", "--folds", "1"},
                        "trialstream bench-pack: --folds: must be at least 2, found 1"),
                Arguments.of(new String[]{"bench-pack", "--dataset", "boston", "--sequential", "-1", "--repeat", "0"},
                        "trialstream bench-pack: --sequential: must be at least 0, found -1"),
                Arguments.of(new String[]{"bench-finalfit", "--dataset", "boston", "--final-models", "0",
                        "--ensemble", "/nonexistent/local.json"},
                        "trialstream bench-finalfit: --final-models: must be at least 1, found 0"),
                Arguments.of(new String[]{"bench-finalfit", "--dataset", "boston", "--threads", "-3",
                        "--ensemble", "/nonexistent/local.json"},
                        "trialstream bench-finalfit: --threads: must be at least 1, found -3"),
                Arguments.of(new String[]{"bench-pipeline", "--pack-size", "0"},
                        "trialstream bench-pipeline: --pack-size: must be at least 1, found 0"),
                Arguments.of(new String[]{"bench-pipeline", "--workers", "0"},
                        "trialstream bench-pipeline: --workers: must be at least 1, found 0"),
                Arguments.of(new String[]{"bench-load", "--searches", "0", "--priorities", "bogus"},
                        "trialstream bench-load: --searches: must be at least 1, found 0"),
                Arguments.of(new String[]{"bench-load", "--trial-ms", "-5", "--priorities", "bogus"},
                        "trialstream bench-load: --trial-ms: must be at least 0, found -5"),
                Arguments.of(new String[]{"bench-load", "--priorities", "normal,bogus"},
                        "trialstream bench-load: --priorities: priority must be low, normal, high or a weight 1-100,"
                                + " found \"bogus\""),
                Arguments.of(new String[]{"bench-faults", "--epochs", "0", "--brokers", "2"},
                        "trialstream bench-faults: --epochs: must be at least 1, found 0"),
                Arguments.of(new String[]{"train", "--repeat", "0"},
                        "trialstream train: --repeat: must be at least 1, found 0"),
                Arguments.of(new String[]{"predict", "--unknown-categories", "bogus", "--model", "m.zip", "--data", "d.csv"},
                        "trialstream predict: --unknown-categories: must be error, warn or ignore, found \"bogus\""),
                Arguments.of(new String[]{"bench-share", "--repeats", "0", "--freeze", "1"},
                        "trialstream bench-share: --repeats: must be at least 1, found 0"));
    }

    @ParameterizedTest
    @MethodSource("badCommandLines")
    void badInput_exits2NamingTheFlagBeforeAnythingRuns(String[] args, String message) {
        Cli cli = Cli.run(args);

        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(2);
        assertThat(cli.err()).contains(message)
                .doesNotContain("Exception", "Failed to construct", "worker slot", "boston-default:");
    }

    @Test
    void benchFaults_aBadFlag_createsNoWorkDirectory(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        java.nio.file.Path work = tmp.resolve("faults-work");

        Cli cli = Cli.run("bench-faults", "--dir", work.toString(), "--brokers", "2");

        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(2);
        assertThat(cli.err()).contains("--brokers must be 1, or 3 or more so that one may die, found 2");
        assertThat(work).doesNotExist();
    }

    @Test
    void everyCommand_printsTheVersion() {
        for (String command : Main.commandLine().getSubcommands().keySet()) {
            Cli cli = Cli.run(command, "-V");

            assertThat(cli.exitCode()).as(command).isZero();
            assertThat(cli.out()).as(command).contains("trialstream 0.1.0");
        }
    }

    @Test
    void everyOption_hasADescriptionAndAnUppercaseLabel() {
        Main.commandLine().getSubcommands().forEach((name, command) -> command.getCommandSpec().options().forEach(o -> {
            assertThat(o.description()).as(name + " " + o.longestName()).isNotEmpty();
            if (o.arity().max() > 0 && !o.typeInfo().isBoolean()) {
                assertThat(o.paramLabel()).as(name + " " + o.longestName()).matches("[A-Z][A-Z0-9_=:.,\\[\\]]*(\\.[a-z]+)?");
            }
        }));
    }

    @Test
    void parallelismHelp_statesLocalsOwnDefault_perWorkerSlot() {
        // local's default is 4 trials per worker slot (2 for tpe), not submit's 4: the help says both.
        Cli cli = Cli.run("local", "--help");

        assertThat(cli.out().replaceAll("\\s+", " ")).contains("--parallelism=N the most trials of this search queued"
                + " or running at once (default: the spec's, else 4; in local 4 per worker slot, 2 per slot for tpe)");
    }

    /**
     * The training options are shared, worded for the search commands ("default: the spec's, else
     * ..."); train takes no spec, so its help says its own defaults, and local's names the built-in
     * search's final models, which a spec leaving the field out does not get.
     */
    @Test
    void trainingOptionsHelp_saysEachCommandsOwnDefaults_trainMentioningNoSpec() {
        String train = helpText("train");
        String local = helpText("local");
        String submit = helpText("submit");

        assertThat(train).contains("--folds=K k of k-fold cross-validation (default 3)",
                "--epochs=N most epochs a configuration trains (default 100)",
                "--final-models=N with --save-model, train the final model N times (training seeds S..S+N-1) and"
                        + " average them, 1 to 20 (S: --train-seed; default 1)");
        assertThat(train).doesNotContain("the spec's");
        assertThat(local).contains("--folds=K k of k-fold cross-validation (default: the spec's, else 3)",
                "--epochs=N most epochs a configuration trains (default: the spec's, else 100)",
                "--final-models=N train the final model N times (training seeds S..S+N-1) and average them, 1 to 20"
                        + " (default: the spec's, else 1; without --spec, the built-in search's 3)");
        assertThat(submit).contains("--folds=K k of k-fold cross-validation (default: the spec's, else 3)",
                "--final-models=N train the final model N times (training seeds S..S+N-1) and average them, 1 to 20"
                        + " (default: the spec's, else 1)");
    }

    /** The help on one line: picocli's wrapping undone (it may break after "S.."). */
    private static String helpText(String command) {
        return Cli.run(command, "--help").out().replaceAll("\\s+", " ").replace("S.. S+N-1", "S..S+N-1");
    }

    @Test
    void workerHelp_saysTheStatusASigtermEndsWith() {
        // It said "exits 0"; the JVM ends with the signal's status, 143, once the hook has handed the
        // trials back (SigtermHandBackTest, FaultSuite accept 0 or 143; a worker run here exited 143).
        Cli cli = Cli.run("worker", "--help");

        String help = cli.out().replaceAll("\\s+", " ");
        assertThat(help).contains("SIGTERM hands any in-flight trial back (another worker redoes it) and exits"
                + " with status 143");
        assertThat(help).doesNotContain("exits 0");
    }

    @Test
    void instanceIdHelp_isOneSentence_notBrokenAcrossTwoDescriptionLines() {
        var option = Main.commandLine().getSubcommands().get("aggregator").getCommandSpec().findOption("--instance-id");

        assertThat(option.description()).hasSize(1);
        assertThat(option.description()[0]).contains("static group membership");
    }

    @Test
    void mainHelp_describesEveryCommandInWholeSentences() {
        Cli cli = Cli.run("--help");

        Main.commandLine().getSubcommands().values().stream().filter(c -> !c.getCommandSpec().usageMessage().hidden())
                .forEach(c -> assertThat(c.getCommandSpec().usageMessage().description()[0]).as(c.getCommandName())
                        .endsWith("."));
        assertThat(cli.out()).contains("Cancel a search; no final model is fitted, unless --final-fit.");
    }

    @Test
    void topics_unreachableBrokerNamesTheBootstrapFlag() throws java.io.IOException {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        Cli cli = Cli.run("topics", "--bootstrap", "127.0.0.1:" + port, "--timeout", "1");

        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err()).contains("Kafka at 127.0.0.1:" + port + " did not answer within 1 s (trying to list "
                + "topics): is a broker running there, and is --bootstrap right?");
    }

    @Test
    void watch_honoursTheTimeoutOfAnUnreachableBroker() {
        long started = System.nanoTime();

        Cli cli = Cli.run("watch", "s-1234", "--bootstrap", "127.0.0.1:1", "--timeout", "3");

        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err()).contains("Kafka at 127.0.0.1:1 did not answer within 3 s: is a broker running there, "
                + "and is --bootstrap right?");
        assertThat(seconds).isLessThan(10);
    }
}
