package dev.trialstream.launcher.pipeline;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same scenario against the official {@code apache/kafka} image, for machines with Docker.
 * Without a Docker engine JUnit reports it skipped ("disabledWithoutDocker"): the embedded-broker
 * test runs the scenario there instead.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerBrokerPipelineTest {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1");

    @TempDir
    Path dir;

    @Test
    void shouldEndEveryTrialOnceThroughCrashesAndRestarts() throws Exception {
        new PipelineScenario(KAFKA.getBootstrapServers(), dir, "e2e.").run();
    }
}
