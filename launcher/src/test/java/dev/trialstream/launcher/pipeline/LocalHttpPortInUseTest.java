package dev.trialstream.launcher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.launcher.cli.Cli;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * {@code local --http-port} on a port another process has is refused before anything starts: it
 * used to start the broker, the aggregator and the worker first, and fail about 9 s later, exit 1.
 */
class LocalHttpPortInUseTest {

    @Test
    void aPortInUse_isRefusedBeforeTheBrokerStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket(0); StderrCapture logs = StderrCapture.start()) {
            int port = taken.getLocalPort();

            Cli local = Cli.run("local", "--dataset", "boston", "--trials", "2", "--epochs", "2",
                    "--http-port", String.valueOf(port));

            assertThat(local.exitCode()).isEqualTo(2);
            assertThat(local.err()).contains("trialstream local: --http-port " + port
                    + ": cannot serve metrics and pages there (");
            assertThat(logs.text()).as("nothing started").doesNotContain("Embedded Kafka on");
        }
    }
}
