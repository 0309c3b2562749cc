package dev.trialstream.aggregator.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process id file an aggregator with an instance id writes for Kafka Streams. */
class StableProcessIdTest {

    @TempDir
    Path dir;

    @Test
    void seed_writesTheIdDerivedFromTheInstanceIdWhereStreamsReadsIt() throws Exception {
        assertThat(StableProcessId.seed(dir, "trialstream.aggregator", "aggregator-0")).isTrue();

        assertThat(Files.readString(dir.resolve("trialstream.aggregator").resolve(StableProcessId.FILE)))
                .isEqualTo("{\"processId\":\"" + StableProcessId.of("trialstream.aggregator", "aggregator-0") + "\"}");
    }

    @Test
    void seed_leavesAnExistingProcessIdAlone() throws Exception {
        Path file = Files.createDirectories(dir.resolve("trialstream.aggregator")).resolve(StableProcessId.FILE);
        Files.writeString(file, "{\"processId\":\"a76fe104-5fec-4ca0-a8c6-ff239a38e0b3\"}");

        assertThat(StableProcessId.seed(dir, "trialstream.aggregator", "aggregator-0")).isFalse();
        assertThat(Files.readString(file)).contains("a76fe104-5fec-4ca0-a8c6-ff239a38e0b3");
    }

    @Test
    void of_isTheSameForTheSameInstanceAndDiffersBetweenInstancesAndApps() {
        assertThat(StableProcessId.of("trialstream.aggregator", "aggregator-0"))
                .isEqualTo(StableProcessId.of("trialstream.aggregator", "aggregator-0"))
                .isNotEqualTo(StableProcessId.of("trialstream.aggregator", "aggregator-1"))
                .isNotEqualTo(StableProcessId.of("other.aggregator", "aggregator-0"));
    }
}
