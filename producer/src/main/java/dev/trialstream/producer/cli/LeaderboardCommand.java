package dev.trialstream.producer.cli;

import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.MessageCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trialstream leaderboard SEARCH_ID}: the latest leaderboard of one search. */
@Command(name = "leaderboard", mixinStandardHelpOptions = true,
        description = "Print a search's latest leaderboard (from the compacted leaderboard topic).")
public final class LeaderboardCommand extends SearchCommand {

    @Option(names = "--json", description = "print the snapshot as JSON")
    private boolean json;

    @Override
    public Integer call() {
        String searchId = searchId();
        MessageCodec codec = new MessageCodec();
        // As watch, cancel, export and refit: a submitted search no aggregator has reported yet is told
        // apart from an id never submitted.
        LeaderboardSnapshot snapshot = knownSearch("trialstream-leaderboard", codec);
        command.commandLine().getOut().print(json ? codec.encodeToString(snapshot) + "\n"
                : LeaderboardText.table(snapshot));
        return 0;
    }
}
