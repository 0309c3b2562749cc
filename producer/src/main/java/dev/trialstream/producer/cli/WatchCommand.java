package dev.trialstream.producer.cli;

import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.status.SearchStatus;
import dev.trialstream.producer.kafka.FleetPresence;
import dev.trialstream.producer.kafka.LeaderboardFollower;
import java.io.PrintWriter;
import java.time.Clock;
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
        MessageCodec codec = new MessageCodec();
        refuseAnUnknownId(searchId, codec);
        PrintWriter out = command.commandLine().getOut();
        ProgressDisplay display = ProgressDisplay.views(out, rows, !plain && System.console() != null);
        try (KafkaConsumer<String, byte[]> consumer = kafka.consumer("trialstream-watch");
             KafkaConsumer<String, byte[]> fleetConsumer = kafka.consumer("trialstream-watch-fleet");
             GoesOnWithout notice = GoesOnWithout.whileFollowing(command.commandLine().getErr(), "watch", searchId)) {
            LeaderboardFollower follower = SilenceHint.whileWatching(new LeaderboardFollower(consumer, codec,
                    kafka.topics().leaderboard(), kafka.timeout()), display.notes(command.commandLine().getErr()))
                    .watchingFleet(kafka.bounded(() -> new FleetPresence(fleetConsumer, codec,
                            kafka.topics().schedule(), kafka.timeout(), Clock.systemUTC())))
                    .judgingStallsBy(wait.stallRule());
            LeaderboardSnapshot last;
            try {
                last = kafka.bounded(() -> follower.follow(searchId, wait.waitTimeout(), display::offer));
            } catch (LeaderboardFollower.SearchTimeoutException e) {
                throw GoesOnWithout.timedOut(e, searchId);
            }
            return last.status() == SearchStatus.DONE ? 0 : 1;
        }
    }

    /**
     * A mistyped id is said at once: a search with no leaderboard yet is one no aggregator has
     * reported (watch waits for it) only if it was submitted, i.e. is on {@code searches}. Where
     * this login may not read {@code searches} (the producer role's ACLs do not grant it) and the
     * id's partition holds records, the two cannot be told apart, and watch waits, with the hint
     * after 30 s; an empty partition (its end offset is 0, which DESCRIBE lets it see) holds no search.
     */
    private void refuseAnUnknownId(String searchId, MessageCodec codec) {
        if (kafka.latestLeaderboard("trialstream-watch", searchId, codec).isPresent()) {
            return;
        }
        if (!submitted("trialstream-watch", codec).orElse(true)) {
            throw unknownSearch("trialstream-watch", codec);
        }
    }
}
