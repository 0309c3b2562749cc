package dev.trialstream.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.trialstream.core.testing.SyntheticData;
import dev.trialstream.launcher.Main;
import dev.trialstream.launcher.local.Interrupts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import sun.misc.Signal;

/** Ctrl-C during {@code train}: it keeps what it measured instead of exiting with nothing printed. */
class TrainInterruptTest {

    @TempDir
    Path dir;

    @Test
    void train_interrupted_stopsAfterTheEpochItIsIn_andPrintsWhatItMeasured() throws Exception {
        // A JVM whose SIGINT is ignored cannot take it; and a handler of our own from here on means a
        // SIGINT raised before train installs its own does nothing, rather than end the test JVM.
        assumeThat(new Interrupts(() -> { }).install()).as("SIGINT can be handled in this JVM").isTrue();
        Path data = dir.resolve("data.csv");
        Files.writeString(data, SyntheticData.linearCsv(60, 2, 0.05, 1));
        CommandLine line = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter(); // -v: every epoch's line, to know that it trains
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> line.execute("train", "--data",
                data.toString(), "--target", "y", "--folds", "2", "--epochs", "100000", "-v"));
        await().atMost(Duration.ofSeconds(60)).until(() -> err.toString().contains("epoch 5 "));

        Signal.raise(new Signal("INT"));

        assertThat(exit.get(60, TimeUnit.SECONDS)).as(err.toString()).isZero();
        assertThat(err.toString()).contains("trialstream train: interrupted: the cross-validation stops after this"
                + " epoch and prints its scores (Ctrl-C again quits at once)");
        assertThat(out.toString()).contains("fold 2   val_mse", "pruned", "reason   " + TrainCommand.INTERRUPTED)
                .containsPattern("cv_mse .* epochs [0-9]+ ");
        assertThat(out.toString()).doesNotContain("epochs 100000");
    }
}
