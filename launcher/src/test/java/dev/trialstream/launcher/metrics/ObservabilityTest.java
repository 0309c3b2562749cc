package dev.trialstream.launcher.metrics;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObservabilityTest {

    @Test
    void aPortInUse_isNamedByTheFlagThatGaveIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0); Observability observability = new Observability("test")) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> observability.serve(port, () -> true, Map.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("--http-port " + port + ": cannot serve metrics and pages there (")
                    .hasMessageContaining("another process has the port");
        }
    }
}
