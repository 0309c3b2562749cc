package dev.trialstream.producer.cli;

import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.MessageCodec;
import java.util.Optional;
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
        Optional<LeaderboardSnapshot> snapshot = kafka.latestLeaderboard("trialstream-leaderboard", searchId, codec);
        if (snapshot.isEmpty()) {
            throw new IllegalArgumentException("no leaderboard for search " + searchId
                    + " in " + kafka.topics().leaderboard() + " (unknown id, or no aggregator has seen it yet)");
        }
        command.commandLine().getOut().print(json ? codec.encodeToString(snapshot.get()) + "\n"
                : LeaderboardText.table(snapshot.get()));
        return 0;
    }
}
