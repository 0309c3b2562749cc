package dev.trialstream.producer.cli;

import dev.trialstream.producer.kafka.LeaderboardFollower;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * What {@code submit --wait} and {@code watch} say when no leaderboard comes, or no trial starts:
 * each once, after 30 s, on stderr.
 */
final class SilenceHint {

    static final Duration AFTER = Duration.ofSeconds(30);
    /** Why a submitted search has no leaderboard, most often; {@code status} asks it too. */
    static final String NO_AGGREGATOR = "is an aggregator running against this cluster, with the same --topic-prefix?";

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

    /** Why no trial of a search has started, most often. */
    static final String NO_WORKER = "are workers running against this cluster, with the same --topic-prefix"
            + " (or are they all busy with other searches)?";

    private static LeaderboardFollower on(LeaderboardFollower follower, PrintWriter err, String command, String question) {
        return follower.hintingWhenSilent(AFTER, (searchId, silence) -> {
            String what = switch (silence) {
                case NO_LEADERBOARD -> "no leaderboard for search " + searchId + " after " + AFTER.toSeconds() + " s: "
                        + question;
                case NO_TRIAL_STARTED -> "no trial of search " + searchId + " has started after " + AFTER.toSeconds()
                        + " s: " + NO_WORKER;
            };
            err.println("trialstream " + command + ": " + what + " Still waiting.");
            err.flush();
        });
    }
}
