package dev.trialstream.producer.cli;

import static dev.trialstream.core.text.Figures.number;

import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.StatusCounts;
import dev.trialstream.core.message.StoppedTrial;
import dev.trialstream.core.status.TrialState;
import java.util.List;
import java.util.Locale;

/** Why a search that is on the leaderboard has no model to export, from its latest snapshot. */
final class MissingModel {

    private MissingModel() {
    }

    /**
     * Why the first failed trial the snapshot lists failed: when every trial failed the same way (a
     * target's scale, a learning rate), that is what to change, and the counts alone did not say it.
     */
    private static String firstFailure(LeaderboardSnapshot search) {
        List<StoppedTrial> failed = search.stopped().stream().filter(t -> t.state() == TrialState.FAILED).toList();
        if (failed.isEmpty()) {
            return "";
        }
        StoppedTrial first = failed.get(0);
        return "; " + first.trialId() + " failed: " + first.reason() + (search.counts().failed() > 1
                ? " (`trialstream leaderboard " + search.searchId() + "` lists every trial's reason)" : "");
    }

    static String why(LeaderboardSnapshot search, String modelsTopic) {
        String id = search.searchId();
        StatusCounts c = search.counts();
        String ended = c.ended() + " of " + c.total() + " trials ended";
        String best = search.best().map(b -> String.format(Locale.ROOT, "; its best trial: %s, cv_mse %s (%s)",
                b.trialId(), number(b.cvMse(), 4), b.params().describe())).orElse("");
        return switch (search.status()) {
            case RUNNING, CANCELLING, FINISHING -> id + " has no model yet: it is " + search.status().wireName()
                    + " (" + ended + "); `trialstream watch " + id + "` follows it to the end";
            case FINAL_FIT -> id + " has no model yet: its final fit is under way (`trialstream watch " + id
                    + "` follows it); if it never comes back, `trialstream refit " + id + "` asks for it again";
            case CANCELLED -> id + " was cancelled, and a cancelled search gets no final fit, so it has no model" + best
                    + (search.best().isPresent() ? "; `trialstream refit " + id + "` fits one on the trials that completed"
                    : "");
            case FINAL_FIT_FAILED -> id + "'s final fit failed, so it has no model; `trialstream refit " + id
                    + "` asks for it again";
            case NO_RESULT -> id + " has no model: no trial completed (" + c.pruned() + " pruned, " + c.failed()
                    + " failed)" + firstFailure(search);
            case DONE -> id + " is done, but no model of it is on " + modelsTopic;
        };
    }
}
