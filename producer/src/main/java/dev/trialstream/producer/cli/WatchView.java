package dev.trialstream.producer.cli;

import static dev.trialstream.core.text.Figures.number;

import dev.trialstream.core.message.LeaderboardEntry;
import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.StatusCounts;
import dev.trialstream.core.message.StoppedTrial;
import dev.trialstream.core.status.TrialState;
import java.util.Locale;

/**
 * The compact live view {@code watch} redraws: trials by state, the best so far, epochs vs budget
 * (and apart, the epochs redone after lost attempts).
 */
public final class WatchView {

    private static final int BAR = 30;

    private WatchView() {
    }

    public static String render(LeaderboardSnapshot s, int rows) {
        StatusCounts c = s.counts();
        int ended = c.ended();
        int total = c.total();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "search %s  %s  [%s]%n", s.searchId(), s.name(), s.status().wireName()));
        out.append(String.format(Locale.ROOT, "trials    %s  %d/%d ended: %d completed, %d pruned, %d failed; %d running, %d queued%n",
                bar(ended, total), ended, total,
                c.completed(), c.pruned(), c.failed(), c.running(), c.requested()));
        // The plan's progress: epochs redone after a lost attempt are said apart, not as a budget overrun.
        double share = s.epochBudget() == 0 ? 0 : 100.0 * s.epochsOfPlan() / s.epochBudget();
        out.append(String.format(Locale.ROOT, "epochs    %s  %d of a %d budget (%.0f%%)%s%n",
                bar(s.epochsOfPlan(), s.epochBudget()), s.epochsOfPlan(), s.epochBudget(), share,
                s.epochsRedone() == 0 ? "" : String.format(Locale.ROOT, "; %d more redone after lost attempts (%d spent)",
                        s.epochsRedone(), s.epochsTrained())));
        out.append(s.best().map(b -> String.format(Locale.ROOT, "best      cv_mse %s ± %s  %s  (%s)%n",
                number(b.cvMse(), 4), number(b.cvStd(), 4), b.trialId(), b.params().describe())).orElse("best      -\n"));
        int shown = 0;
        for (LeaderboardEntry entry : s.top()) {
            if (shown++ >= rows) {
                break;
            }
            out.append(String.format(Locale.ROOT, "  #%-3d %-20s %10s  %3d ep  %s%n", entry.rank(), entry.trialId(),
                    number(entry.cvMse(), 4), entry.epochs(), entry.params().describe()));
        }
        int stoppedShown = 0;
        for (int i = s.stopped().size() - 1; i >= 0 && stoppedShown < Math.max(1, rows / 2); i--, stoppedShown++) {
            StoppedTrial t = s.stopped().get(i);
            out.append(String.format(Locale.ROOT, "  %-4s %-20s %3d ep  %s%n", t.state() == TrialState.PRUNED ? "cut" : "fail",
                    t.trialId(), t.epochs(), t.reason()));
        }
        if (s.finalTest() != null) {
            out.append(String.format(Locale.ROOT, "final     test mae %s  rmse %s  r2 %s%n",
                    number(s.finalTest().mae(), 4), number(s.finalTest().rmse(), 4), number(s.finalTest().r2(), 4)));
        }
        return out.toString();
    }

    private static String bar(long done, long total) {
        int filled = total <= 0 ? 0 : (int) Math.min(BAR, Math.round((double) BAR * done / total));
        return "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "]";
    }
}
