package dev.trialstream.launcher.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --dir} of {@code bench-faults} and {@code bench-share}. */
class WorkDirOptionTest {

    @TempDir
    Path tmp;

    @Test
    void theGivenDir_isCreated() throws Exception {
        WorkDirOption option = new WorkDirOption();
        new CommandLine(option).parseArgs("--dir", tmp.resolve("a/b").toString());

        Path work = option.create("unused");

        assertThat(work).isEqualTo(tmp.resolve("a/b")).isDirectory();
    }

    @Test
    void noDir_isANewTempDirNamedByThePrefix() throws Exception {
        Path work = new WorkDirOption().create("trialstream-test");
        try {
            assertThat(work).isDirectory();
            assertThat(work.getFileName().toString()).startsWith("trialstream-test");
        } finally {
            Files.delete(work);
        }
    }

    @Test
    void bothClusterCommands_takeIt() {
        for (Object command : new Object[] {new FaultsCommand(), new ShareBenchCommand()}) {
            assertThat(new CommandLine(command).getCommandSpec().findOption("--dir").description())
                    .containsExactly("working directory (the processes' logs and state); default: a new temp dir");
        }
    }
}
