package dev.trialstream.producer.cli;

import static dev.trialstream.core.text.Figures.number;
import static dev.trialstream.core.text.Figures.scores;

import dev.trialstream.core.bundle.BundleInfo;
import dev.trialstream.core.bundle.BundleMember;
import dev.trialstream.core.message.EnsembleSummary;
import dev.trialstream.core.message.LeaderboardEntry;
import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.StatusCounts;
import dev.trialstream.core.message.StoppedTrial;
import dev.trialstream.core.metrics.RegressionMetrics;
import dev.trialstream.core.text.Plural;
import dev.trialstream.core.text.WeightedTrials;
import java.util.Locale;

/** Renders leaderboards and progress for a terminal. */
public final class LeaderboardText {

    private LeaderboardText() {
    }

    /**
     * One line: {@code s-1a2b boston-default [running]  ended 12/20 (...) running 2  best cv_mse 10.41  epochs 1200/2000};
     * with epochs redone after lost attempts, {@code epochs 201 (21 redone after lost attempts) / 180 planned}: compute
     * spent, not a search running over its plan (it read {@code epochs 201/180}).
     */
    public static String progress(LeaderboardSnapshot snapshot) {
        StatusCounts c = snapshot.counts();
        int ended = c.ended();
        int total = c.total();
        String best = snapshot.best().map(e -> number(e.cvMse(), 4)).orElse("-");
        return String.format(Locale.ROOT, "%s %s [%s]  ended %d/%d (completed %d, pruned %d, failed %d) running %d"
                        + "  best cv_mse %s  epochs %s",
                snapshot.searchId(), snapshot.name(), snapshot.status().wireName(), ended, total, c.completed(), c.pruned(),
                c.failed(), c.running(), best, epochs(snapshot));
    }

    /** {@code 1200/2000}, or {@code 201 (21 redone after lost attempts) / 180 planned}. */
    static String epochs(LeaderboardSnapshot snapshot) {
        if (snapshot.epochsRedone() == 0) {
            return snapshot.epochsTrained() + "/" + snapshot.epochBudget();
        }
        return String.format(Locale.ROOT, "%d (%d redone after lost attempts) / %d planned", snapshot.epochsTrained(),
                snapshot.epochsRedone(), snapshot.epochBudget());
    }

    /** The full leaderboard table. */
    public static String table(LeaderboardSnapshot snapshot) {
        StringBuilder out = new StringBuilder();
        out.append(progress(snapshot)).append('\n');
        out.append(String.format(Locale.ROOT, "%-5s %-22s %12s %10s %9s %7s %7s  %s%n", "rank", "trial", "cv_mse",
                "± std", "cv_mae", "cv_r2", "epochs", "params"));
        for (LeaderboardEntry entry : snapshot.top()) {
            out.append(String.format(Locale.ROOT, "%-5d %-22s %12s %10s %9s %7s %7d  %s%n", entry.rank(),
                    entry.trialId(), number(entry.cvMse(), 4), number(entry.cvStd(), 4), number(entry.cv().mean().mae(), 4),
                    number(entry.cv().mean().r2(), 3),
                    entry.epochs(), entry.params().describe()));
        }
        for (StoppedTrial trial : snapshot.stopped()) {
            out.append(String.format(Locale.ROOT, "%-5s %-22s %12s %10s %9s %7s %7d  %s%n", trial.state().wireName(),
                    trial.trialId(), number(trial.lastCvMse(), 4), "", "", "", trial.epochs(), trial.reason()));
        }
        EnsembleSummary ensemble = snapshot.ensemble();
        if (ensemble != null) {
            RegressionMetrics oof = ensemble.outOfFold();
            out.append(String.format(Locale.ROOT, "ensemble (%s): %s%n", Plural.of(ensemble.rounds(), "round"),
                    WeightedTrials.of(ensemble.members())));
            out.append("  out-of-fold (optimistic: selected on these predictions): ").append(scores(oof))
                    .append(System.lineSeparator());
        }
        RegressionMetrics test = snapshot.finalTest();
        if (test != null) {
            out.append(String.format(Locale.ROOT, "final model on the test split (n=%d): %s%n", test.n(), scores(test)));
        }
        return out.toString();
    }

    /**
     * An ensemble bundle's members with their weights and own test scores (none for one
     * configuration), then what its final fit left out.
     */
    public static String members(BundleInfo info) {
        StringBuilder out = new StringBuilder();
        for (BundleMember member : info.members()) {
            RegressionMetrics test = member.test();
            out.append(String.format(Locale.ROOT, "  member %s (weight %.2f, final fit %d epochs) alone on the test split: %s%n",
                    member.trialId(), member.weight(), member.epochs(), scores(test)));
        }
        for (String leftOut : info.leftOut()) {
            out.append("  left out of the final model: ").append(leftOut).append(System.lineSeparator());
        }
        return out.toString();
    }
}
