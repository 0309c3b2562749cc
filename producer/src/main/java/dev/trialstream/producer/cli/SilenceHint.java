package dev.trialstream.producer.cli;

import dev.trialstream.producer.kafka.LeaderboardFollower;
import dev.trialstream.producer.kafka.LeaderboardFollower.Silence;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * What {@code submit --wait} and {@code watch} say when no leaderboard comes, or no trial starts:
 * each once, after 30 s, on stderr.
 */
final class SilenceHint {

    static final Duration AFTER = Duration.ofSeconds(30);
    /** Why a submitted search has no leaderboard, most often; {@code status} asks it too. */
    static final String NO_AGGREGATOR = Silence.NO_LEADERBOARD.question();

    private SilenceHint() {
    }

    /** For {@code submit --wait}: the search was just submitted, so its id is right. */
    static LeaderboardFollower afterSubmit(LeaderboardFollower follower, PrintWriter err) {
        return on(follower, err, "submit", NO_AGGREGATOR);
    }

    /** For {@code watch ID}: the id may be wrong too. */
    static LeaderboardFollower whileWatching(LeaderboardFollower follower, PrintWriter err) {
        return on(follower, err, "watch",
                "is the id right, and an aggregator running against this cluster with the same --topic-prefix?");
    }

    private static LeaderboardFollower on(LeaderboardFollower follower, PrintWriter err, String command, String question) {
        return follower.hintingWhenSilent(AFTER, (searchId, silence) -> {
            String what = switch (silence) {
                case NO_LEADERBOARD -> "no leaderboard for search " + searchId + " after " + AFTER.toSeconds() + " s: "
                        + question;
                case NO_TRIAL_STARTED -> "no trial of search " + searchId + " has started after " + AFTER.toSeconds()
                        + " s: " + silence.question();
            };
            err.println("trialstream " + command + ": " + what + " Still waiting.");
            err.flush();
        });
    }
}
