package dev.trialstream.launcher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.broker.EmbeddedKafkaExtension;
import dev.trialstream.launcher.cli.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cancel}, {@code export}, {@code refit} and {@code leaderboard} of a search submitted while no aggregator runs
 * say so, as {@code status} does, rather than that there is no such search.
 */
class UnreportedSearchTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    @Test
    void searchCommands_sayASubmittedSearchHasNotBeenReportedYet_andAnUnknownIdIsNoSearch() throws Exception {
        String bootstrap = KAFKA.get().bootstrapServers();
        Path spec = TinySearch.write(dir, "unreported", 1, 1);
        Cli submit = Cli.run("submit", spec.toString(), "--bootstrap", bootstrap, "--topic-prefix", "ur.");
        assertThat(submit.exitCode()).as(submit.err()).isZero();
        String id = submit.out().strip();

        Cli cancel = Cli.run("cancel", id, "--bootstrap", bootstrap, "--topic-prefix", "ur.");
        Cli export = Cli.run("export", id, "--bootstrap", bootstrap, "--topic-prefix", "ur.",
                "--out", dir.resolve("m.zip").toString());
        Cli refit = Cli.run("refit", id, "--bootstrap", bootstrap, "--topic-prefix", "ur.");
        Cli typo = Cli.run("cancel", "s-00000000", "--bootstrap", bootstrap, "--topic-prefix", "ur.");
        Cli leaderboard = Cli.run("leaderboard", id, "--bootstrap", bootstrap, "--topic-prefix", "ur.");
        Cli leaderboardTypo = Cli.run("leaderboard", "s-00000000", "--json", "--bootstrap", bootstrap, "--topic-prefix", "ur.");

        String unreported = "search " + id + " was submitted, but no aggregator has reported it yet (it has nothing on"
                + " ur.leaderboard): is an aggregator running against this cluster, with the same --topic-prefix?";
        for (Cli cli : new Cli[] {cancel, export, refit, leaderboard}) {
            assertThat(cli.exitCode()).as(cli.err()).isEqualTo(1);
            assertThat(cli.err()).contains(unreported).doesNotContain("no search");
        }
        assertThat(cancel.err().strip()).isEqualTo("trialstream cancel: " + unreported);
        assertThat(typo.exitCode()).as(typo.err()).isEqualTo(2);
        assertThat(typo.err().strip()).isEqualTo("trialstream cancel: no search s-00000000 in ur.leaderboard or"
                + " ur.searches: is the id right, and --topic-prefix the one it was submitted with?"
                + " (`trialstream status` lists the searches)");
        // leaderboard said "unknown id, or no aggregator has seen it yet" for both, exit 2.
        assertThat(leaderboardTypo.exitCode()).as(leaderboardTypo.err()).isEqualTo(2);
        assertThat(leaderboardTypo.err().strip()).startsWith("trialstream leaderboard: no search s-00000000 in"
                + " ur.leaderboard or ur.searches: is the id right");
        assertThat(leaderboardTypo.out()).isEmpty();
    }

    /** Ids are matched exactly: one in the wrong case, or one typo away, said only "is the id right?". */
    @Test
    void searchCommands_anIdInTheWrongCaseOrOneTypoAway_nameTheSearchMeant() throws Exception {
        String bootstrap = KAFKA.get().bootstrapServers();
        Path spec = TinySearch.write(dir, "meant", 1, 1);
        Cli submit = Cli.run("submit", spec.toString(), "--bootstrap", bootstrap, "--topic-prefix", "dym.");
        assertThat(submit.exitCode()).as(submit.err()).isZero();
        String id = submit.out().strip();
        String upper = id.toUpperCase(java.util.Locale.ROOT);
        String typo = id.substring(0, id.length() - 1);

        String[][] commands = {
                {"cancel", upper}, {"refit", upper}, {"leaderboard", upper},
                {"export", upper, "--out", dir.resolve("m.zip").toString()},
                {"watch", upper, "--plain", "--wait-timeout", "5"}, {"cancel", typo}};
        for (String[] command : commands) {
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(command),
                    java.util.stream.Stream.of("--bootstrap", bootstrap, "--topic-prefix", "dym.")).toArray(String[]::new);
            Cli cli = Cli.run(args);

            assertThat(cli.exitCode()).as(String.join(" ", command) + ": " + cli.err()).isEqualTo(2);
            assertThat(cli.err().strip()).as(String.join(" ", command)).isEqualTo("trialstream " + command[0]
                    + ": no search " + command[1] + " in dym.leaderboard or dym.searches: did you mean " + id + "?");
        }
        assertThat(dir.resolve("m.zip")).doesNotExist();
    }
}
