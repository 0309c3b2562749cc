package dev.trialstream.producer.cli;

import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.status.SearchStatus;
import dev.trialstream.producer.kafka.LeaderboardFollower;
import java.io.PrintWriter;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code trialstream watch SEARCH_ID}: a live view until the search is done. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Follow a search live: trials by state, the best so far, epochs spent vs budget.")
public final class WatchCommand extends SearchCommand {

    @Mixin
    private WaitOptions wait = new WaitOptions();

    @Option(names = "--rows", defaultValue = "5", paramLabel = "N", description = "leaderboard rows to show (default ${DEFAULT-VALUE})")
    private int rows;

    @Option(names = "--plain", description = "print a new view on each change, at most every 500 ms, instead of redrawing (for logs and pipes)")
    private boolean plain;

    @Override
    public Integer call() {
        String searchId = searchId();
        PrintWriter out = command.commandLine().getOut();
        ProgressDisplay display = ProgressDisplay.views(out, rows, !plain && System.console() != null);
        try (KafkaConsumer<String, byte[]> consumer = kafka.consumer("trialstream-watch")) {
            LeaderboardFollower follower = SilenceHint.whileWatching(new LeaderboardFollower(consumer, new MessageCodec(),
                    kafka.topics().leaderboard(), kafka.timeout()), command.commandLine().getErr());
            LeaderboardSnapshot last = kafka.bounded(() -> follower.follow(searchId, wait.waitTimeout(), display::offer));
            return last.status() == SearchStatus.DONE ? 0 : 1;
        }
    }
}
