package dev.trialstream.producer.cli;

import dev.trialstream.producer.kafka.LeaderboardFollower;
import java.io.PrintWriter;
import java.time.Duration;

/** What {@code submit --wait} and {@code watch} say when no leaderboard comes: once, after 30 s, on stderr. */
final class SilenceHint {

    static final Duration AFTER = Duration.ofSeconds(30);

    private SilenceHint() {
    }

    /** {@code follower}, telling {@code err} as {@code trialstream COMMAND: ...}. */
    static LeaderboardFollower on(LeaderboardFollower follower, String command, PrintWriter err) {
        return follower.hintingWhenSilent(AFTER, hint -> {
            err.println("trialstream " + command + ": " + hint);
            err.flush();
        });
    }
}
