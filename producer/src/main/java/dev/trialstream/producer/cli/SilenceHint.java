package dev.trialstream.producer.cli;

import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.RunningTrial;
import dev.trialstream.core.status.TrialStall;
import dev.trialstream.core.text.Plural;
import dev.trialstream.producer.kafka.LeaderboardFollower;
import dev.trialstream.producer.kafka.LeaderboardFollower.Silence;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What {@code submit --wait} and {@code watch} say when no leaderboard comes, or no trial starts
 * (each once), or no aggregator reports (each time, and when one reports again), or a running
 * trial stops moving (each time, and when it moves again or leaves its worker): after 30 s,
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

    @Override
    public void stalled(String searchId, TrialStall stall) {
        String usual;
        if (stall.epochs() > 0) {
            usual = "its epochs took " + readable(stall.usual()) + " each";
        } else if (stall.usual().isZero()) {
            usual = "no trial of the search has reported an epoch yet";
        } else {
            usual = "the search's trials took " + readable(stall.usual()) + " to their first epoch";
        }
        say("trial " + stall.trialId() + " of search " + searchId + " has reported no epoch for "
                + readable(stall.silent()) + (stall.epochs() == 0 ? " since it started" : " after epoch " + stall.epochs())
                + " (" + usual + "; worker " + stall.workerId() + "): is that worker stuck? Look at its log; restart"
                + " it if it is, and the trial is retried on another worker. Still waiting.");
    }

    @Override
    public void stallOver(String searchId, TrialStall stall, Optional<RunningTrial> running) {
        // An attempt only adds epochs: fewer (or as many) is a new attempt, the hung one given up.
        say(running.map(now -> now.epochs() <= stall.epochs()
                        ? "trial " + stall.trialId() + " of search " + searchId + " started again (a new attempt, on"
                                + " worker " + now.workerId() + ")."
                        : "trial " + stall.trialId() + " of search " + searchId + " moves again"
                                + (now.workerId().equals(stall.workerId()) ? "" : ", now on worker " + now.workerId())
                                + " (epoch " + now.epochs() + ").")
                .orElse("trial " + stall.trialId() + " of search " + searchId + " no longer runs on worker "
                        + stall.workerId() + " (it ended, or went back to the queue to be retried)."));
    }

    /** 45 s, 4 min, 3 h: as precise as a user reading about a wait needs. */
    static String readable(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 120) {
            return seconds == 0 && !duration.isZero() ? duration.toMillis() + " ms" : seconds + " s";
        }
        return seconds < 2 * 3600 ? seconds / 60 + " min" : seconds / 3600 + " h";
    }

    private void say(String line) {
        say.accept("trialstream " + command + ": " + line);
    }
}
