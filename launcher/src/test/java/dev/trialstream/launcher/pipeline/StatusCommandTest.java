package dev.trialstream.launcher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trialstream.aggregator.streams.AggregatorApp;
import dev.trialstream.aggregator.streams.AggregatorConfig;
import dev.trialstream.broker.EmbeddedKafkaExtension;
import dev.trialstream.kafka.Topics;
import dev.trialstream.launcher.cli.Cli;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} lists a submitted search before any aggregator has reported it (it read only the
 * leaderboard, and said "no searches yet"), then the aggregator's line for it instead.
 */
class StatusCommandTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    private Cli status() {
        Cli status = Cli.run("status", "--bootstrap", kafka.bootstrapServers(), "--topic-prefix", "st.");
        assertThat(status.exitCode()).as(status.err()).isZero();
        return status;
    }

    @Test
    void status_listsASubmittedSearchNoAggregatorReported_thenTheAggregatorsLine() throws Exception {
        Path spec = TinySearch.write(dir, "status-test", 2, 2);
        Cli submit = Cli.run("submit", spec.toString(), "--bootstrap", kafka.bootstrapServers(), "--topic-prefix", "st.");
        assertThat(submit.exitCode()).as(submit.err()).isZero();
        String id = submit.out().strip().lines().reduce((a, b) -> b).orElseThrow();

        assertThat(status().out()).isEqualTo("waiting  " + id + " status-test [submitted]  no aggregator has reported it "
                + "yet: is an aggregator running against this cluster, with the same --topic-prefix?\n");

        try (AggregatorApp aggregator = new AggregatorApp(new AggregatorConfig(kafka.bootstrapServers(),
                new Topics("st."), dir.resolve("aggregator"), 20, Duration.ofMinutes(2)), Clock.systemUTC()).start()) {
            await().atMost(Duration.ofMinutes(2)).until(() -> status().out().startsWith("running  " + id + " status-test"));
            assertThat(status().out()).doesNotContain("waiting").hasLineCount(1);
        }
    }
}
