package dev.trialstream.aggregator.state;

import dev.trialstream.core.message.LeaderboardEntry;
import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.StatusCounts;
import dev.trialstream.core.message.StoppedTrial;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Renders a search's state as the snapshot the leaderboard topic and the CLI carry. */
final class LeaderboardBuilder {

    private final int topN;
    private final Clock clock;

    LeaderboardBuilder(int topN, Clock clock) {
        if (topN < 1) {
            throw new IllegalArgumentException("topN must be positive, found " + topN);
        }
        this.topN = topN;
        this.clock = clock;
    }

    LeaderboardSnapshot snapshot(SearchState state) {
        List<TrialRecord> trials = new ArrayList<>(state.trials.values());
        List<LeaderboardEntry> top = new ArrayList<>();
        trials.stream()
                .filter(t -> t.status == TrialRecord.Status.COMPLETED && t.params != null)
                .sorted(TrialRecord.BY_CV_MSE)
                .limit(topN)
                .forEach(t -> top.add(new LeaderboardEntry(top.size() + 1, t.trialId, t.params, t.cvMse, t.cvStd,
                        t.epochs, t.cv)));
        List<StoppedTrial> stopped = trials.stream()
                .filter(t -> t.status == TrialRecord.Status.PRUNED || t.status == TrialRecord.Status.FAILED)
                .sorted(Comparator.comparingLong(t -> t.endedSeq))
                .map(t -> new StoppedTrial(t.trialId, t.status == TrialRecord.Status.PRUNED ? "pruned" : "failed",
                        t.params, t.epochs, t.lastCvMse(), t.reason.isBlank() ? "-" : t.reason))
                .toList();
        if (stopped.size() > topN) {
            stopped = stopped.subList(stopped.size() - topN, stopped.size());
        }
        return new LeaderboardSnapshot(state.searchId, state.spec.name(), counts(state), top, stopped,
                state.epochsTrained, (long) state.trialBudget * state.spec.training().maxEpochs(), state.finalTest,
                status(state), state.done(), clock.millis());
    }

    private static StatusCounts counts(SearchState state) {
        int running = 0;
        int completed = 0;
        int pruned = 0;
        int failed = 0;
        for (TrialRecord trial : state.trials.values()) {
            switch (trial.status) {
                case RUNNING -> running++;
                case COMPLETED -> completed++;
                case PRUNED -> pruned++;
                case FAILED -> failed++;
            }
        }
        int requested = Math.max(0, state.trialBudget - running - completed - pruned - failed);
        return new StatusCounts(requested, running, completed, pruned, failed);
    }

    private static String status(SearchState state) {
        return switch (state.finalFit) {
            case NONE -> state.cancelled ? "cancelling" : "running";
            case REQUESTED -> "final-fit";
            case COMPLETED -> state.cancelled ? "cancelled" : "done";
            case FAILED -> "final-fit-failed";
            case SKIPPED -> state.cancelled ? "cancelled" : "no-result";
        };
    }
}
