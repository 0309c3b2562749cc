package dev.trialstream.launcher.pipeline;

import dev.trialstream.broker.EmbeddedKafka;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The end-to-end pipeline scenario on an in-process KRaft broker: runs everywhere, CI included. */
class EmbeddedBrokerPipelineTest {

    @TempDir
    Path dir;

    @Test
    void shouldEndEveryTrialOnceThroughCrashesAndRestarts() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            new PipelineScenario(kafka.bootstrapServers(), dir, "e2e.").run();
        }
    }
}
