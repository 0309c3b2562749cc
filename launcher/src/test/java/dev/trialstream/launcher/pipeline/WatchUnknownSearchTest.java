package dev.trialstream.launcher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.broker.EmbeddedKafkaExtension;
import dev.trialstream.launcher.cli.Cli;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code watch} of an id that was never submitted says so at once, where it waited (a day by
 * default) with only a hint after 30 s; a search that was submitted but has no leaderboard yet (no
 * aggregator running) is still waited for. With the producer role's ACLs, which do not grant READ
 * on {@code searches}, it waits as before: {@code SecuredPipelineTest}.
 */
class WatchUnknownSearchTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    @Test
    void watch_refusesAnIdNeverSubmitted_butWaitsForASubmittedSearchWithNoLeaderboardYet() throws Exception {
        String bootstrap = KAFKA.get().bootstrapServers();
        Path spec = TinySearch.write(dir, "watch-test", 1, 1);
        Cli submit = Cli.run("submit", spec.toString(), "--bootstrap", bootstrap, "--topic-prefix", "wu.");
        assertThat(submit.exitCode()).as(submit.err()).isZero();
        String id = submit.out().strip();
        assertThat(id).startsWith("s-");

        long started = System.nanoTime();
        Cli typo = Cli.run("watch", "s-00000000", "--bootstrap", bootstrap, "--topic-prefix", "wu.", "--plain",
                "--wait-timeout", "15");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        Cli waiting = Cli.run("watch", id, "--bootstrap", bootstrap, "--topic-prefix", "wu.", "--plain",
                "--wait-timeout", "3");

        assertThat(typo.exitCode()).as(typo.err()).isEqualTo(2);
        assertThat(typo.err()).contains("trialstream watch: no search s-00000000 in wu.leaderboard or wu.searches:"
                + " is the id right, and --topic-prefix the one it was submitted with? (`trialstream status` lists"
                + " the searches)");
        assertThat(took).as("time to the answer").isLessThan(Duration.ofSeconds(20));
        assertThat(waiting.exitCode()).as(waiting.err()).isEqualTo(1);
        assertThat(waiting.err()).contains("search " + id + " did not finish within 3 s (no leaderboard yet");
        // Giving up following is not the search failing: it said only "did not finish" before.
        assertThat(waiting.err()).contains("; it goes on in the cluster (`trialstream watch " + id + "` follows it again,"
                + " `trialstream cancel " + id + "` stops it; in its final fit, `--abandon-final-fit` too)");
    }
}
