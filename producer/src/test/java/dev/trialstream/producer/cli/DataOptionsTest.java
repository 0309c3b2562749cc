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

    @Test
    void testSplitFlags_withABuiltinDataset_areRefusedNotIgnored() {
        assertThatThrownBy(() -> parse("--dataset", "california", "--test-fraction", "0.5").require())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--test-fraction applies to --data; built-in dataset california has its own test split");
        assertThatThrownBy(() -> parse("--dataset", "boston", "--test-seed", "7").require())
                .hasMessage("--test-seed applies to --data; built-in dataset boston has its own test split");
        assertThat(parse("--dataset", "boston").require()).as("the built-in split is unchanged")
                .isEqualTo(DataSpec.builtin("boston"));
    }

    @Test
    void testFraction_outOfRange_isRefusedNamingTheFlag_withAnyData() {
        for (String value : new String[]{"7", "-3", "1"}) {
            assertThatThrownBy(() -> parse("--dataset", "california", "--test-fraction", value))
                    .isInstanceOf(CommandLine.ParameterException.class)
                    .hasMessage("--test-fraction: must be at least 0 and below 1, found " + value);
            assertThatThrownBy(() -> parse("--test-fraction", value))
                    .hasMessage("--test-fraction: must be at least 0 and below 1, found " + value);
        }
    }

    @Test
    void testFraction_appliesToAFile_withTheDefaultsWhenNotGiven() {
        assertThat(parse("--data", "x.csv", "--target", "y").require()).isEqualTo(DataSpec.csv("x.csv", "y"));
        DataSpec spec = parse("--data", "x.csv", "--target", "y", "--test-fraction", "0.3", "--test-seed", "5").require();
        assertThat(spec.testFraction()).isEqualTo(0.3);
        assertThat(spec.testSeed()).isEqualTo(5);
    }
}
