package dev.trialstream.producer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trialstream.core.data.DataSpec;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import org.junit.jupiter.api.Test;

class DataOptionsTest {

    static final class Command {
        @Mixin
        DataOptions data = new DataOptions();
    }

    private static DataOptions parse(String... args) {
        Command command = new Command();
        new CommandLine(command).parseArgs(args);
        return command.data;
    }

    @Test
    void aBuiltinDatasetIsNamedInAnyCase() {
        DataSpec spec = parse("--dataset", "Boston").require();

        assertThat(spec.dataset()).isEqualTo("boston");
    }

    @Test
    void anUnknownDatasetNamesTheFlagAndTheKnownOnes() {
        assertThatThrownBy(() -> parse("--dataset", "iris").require())
                .hasMessage("--dataset: must be one of boston, california, found \"iris\""
                        + " (for a CSV file give --data FILE --target COLUMN)");
    }
}
