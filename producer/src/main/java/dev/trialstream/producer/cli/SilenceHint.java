package dev.trialstream.producer.cli;

import dev.trialstream.producer.kafka.LeaderboardFollower;
import java.io.PrintWriter;
import java.time.Duration;

/** What {@code submit --wait} and {@code watch} say when no leaderboard comes: once, after 30 s, on stderr. */
final class SilenceHint {

    static final Duration AFTER = Duration.ofSeconds(30);

    private SilenceHint() {
    }

    /** For {@code submit --wait}: the search was just submitted, so its id is right. */
    static LeaderboardFollower afterSubmit(LeaderboardFollower follower, PrintWriter err) {
        return on(follower, err, "submit", "is an aggregator running against this cluster, with the same --topic-prefix?");
    }

    /** For {@code watch ID}: the id may be wrong too. */
    static LeaderboardFollower whileWatching(LeaderboardFollower follower, PrintWriter err) {
        return on(follower, err, "watch",
                "is the id right, and an aggregator running against this cluster with the same --topic-prefix?");
    }

    private static LeaderboardFollower on(LeaderboardFollower follower, PrintWriter err, String command, String question) {
        return follower.hintingWhenSilent(AFTER, searchId -> {
            err.println("trialstream " + command + ": no leaderboard for search " + searchId + " after "
                    + AFTER.toSeconds() + " s: " + question + " Still waiting.");
            err.flush();
        });
    }
}
