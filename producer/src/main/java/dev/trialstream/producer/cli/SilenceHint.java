package dev.trialstream.producer.cli;

import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.text.Plural;
import dev.trialstream.producer.kafka.LeaderboardFollower;
import dev.trialstream.producer.kafka.LeaderboardFollower.Silence;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What {@code submit --wait} and {@code watch} say when no leaderboard comes, or no trial starts
 * (each once), or no aggregator reports (each time, and when one reports again): after 30 s,
 * where the {@link ProgressDisplay} has them said ({@link ProgressDisplay#notes}: under a view
 * redrawn on a terminal, else on stderr).
 */
final class SilenceHint implements LeaderboardFollower.SilenceListener {

    /** Three of the aggregator's {@link LeaderboardSnapshot#HEARTBEAT}s: one lost or late is not a silence. */
    static final Duration AFTER = LeaderboardSnapshot.HEARTBEAT.multipliedBy(3);
    /** Why a submitted search has no leaderboard, most often; {@code status} asks it too. */
    static final String NO_AGGREGATOR = Silence.NO_LEADERBOARD.question();

    private final Consumer<String> say;
    private final String command;
    /** What to ask when no leaderboard comes. */
    private final String noLeaderboard;

    private SilenceHint(Consumer<String> say, String command, String noLeaderboard) {
        this.say = say;
        this.command = command;
        this.noLeaderboard = noLeaderboard;
    }

    /** For {@code submit --wait}: the search was just submitted, so its id is right. */
    static LeaderboardFollower afterSubmit(LeaderboardFollower follower, Consumer<String> say) {
        return follower.hintingWhenSilent(AFTER, new SilenceHint(say, "submit", NO_AGGREGATOR));
    }

    /** For {@code watch ID}: the id may be wrong too. */
    static LeaderboardFollower whileWatching(LeaderboardFollower follower, Consumer<String> say) {
        return follower.hintingWhenSilent(AFTER, watching(say));
    }

    /** The hint of {@code watch ID}, saying its lines to {@code say}. */
    static SilenceHint watching(Consumer<String> say) {
        return new SilenceHint(say, "watch",
                "is the id right, and an aggregator running against this cluster with the same --topic-prefix?");
    }

    @Override
    public void silent(String searchId, Silence silence) {
        String what = switch (silence) {
            case NO_LEADERBOARD -> "no leaderboard for search " + searchId + " after " + AFTER.toSeconds() + " s: "
                    + noLeaderboard;
            case NO_TRIAL_STARTED -> "no trial of search " + searchId + " has started after " + AFTER.toSeconds()
                    + " s: " + silence.question();
            case NO_REPORT -> "no aggregator has reported on search " + searchId + " for " + AFTER.toSeconds()
                    + " s, so what is shown is not moving: " + silence.question();
            case NO_WORKER -> "no worker is in the fleet, and search " + searchId + " waits for one: "
                    + silence.question() + ".";
        };
        say(what + " Still waiting.");
    }

    @Override
    public void reportingAgain(String searchId, Duration lasted) {
        say("an aggregator reports on search " + searchId + " again (none had for " + lasted.toSeconds() + " s).");
    }

    @Override
    public void noWorker(String searchId, Duration lasted, int waiting) {
        String what = waiting == 0 ? "the final fit of search " + searchId + " waits"
                : Plural.of(waiting, "trial") + " of search " + searchId + (waiting == 1 ? " waits" : " wait");
        say("no worker has been in the fleet for " + lasted.toSeconds() + " s: " + what + " for one ("
                + Silence.NO_WORKER.question() + (waiting == 0 ? "; or end the search without a model: `trialstream"
                + " cancel " + searchId + " --abandon-final-fit`" : "") + "). Still waiting.");
    }

    @Override
    public void workerAgain(String searchId) {
        say("a worker is in the fleet again: search " + searchId + " can go on.");
    }

    private void say(String line) {
        say.accept("trialstream " + command + ": " + line);
    }
}
