package dev.trialstream.producer.cli;

import static dev.trialstream.core.text.Figures.number;

import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.StatusCounts;
import java.util.Locale;

/** Why a search that is on the leaderboard has no model to export, from its latest snapshot. */
final class MissingModel {

    private MissingModel() {
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
                    + " failed)";
            case DONE -> id + " is done, but no model of it is on " + modelsTopic;
        };
    }
}
