package dev.trialstream.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.worker.kafka.PackBudget;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code local --pack-size/--pack-seconds}: the worker's options, handed to the local run's worker. */
class LocalPackOptionsTest {

    @Test
    void local_packOptions_becomeTheRunsPackBudget() {
        LocalCommand local = new LocalCommand();
        new CommandLine(local).parseArgs("--dataset", "boston", "--pack-size", "3", "--pack-seconds", "7");

        assertThat(local.settings().pack()).isEqualTo(new PackBudget(3, Duration.ofSeconds(7)));
    }

    @Test
    void local_withoutPackOptions_takesTheWorkersDefault() {
        LocalCommand local = new LocalCommand();
        new CommandLine(local).parseArgs("--dataset", "boston");

        assertThat(local.settings().pack()).isEqualTo(PackBudget.DEFAULT);
    }
}
