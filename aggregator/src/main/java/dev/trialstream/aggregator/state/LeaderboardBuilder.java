package dev.trialstream.aggregator.state;

import dev.trialstream.core.message.LeaderboardEntry;
import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.StatusCounts;
import dev.trialstream.core.message.StoppedTrial;
import dev.trialstream.core.status.TrialState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
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
                .filter(t -> t.state() == TrialState.COMPLETED && t.params() != null && t.scores().isPresent())
                .sorted(TrialRecord.BY_CV_MSE)
                .limit(topN)
                .forEach(t -> top.add(new LeaderboardEntry(top.size() + 1, t.trialId(), t.params(), t.epochs(),
                        t.scores().orElseThrow())));
        List<StoppedTrial> stopped = trials.stream()
                .filter(t -> t.state() == TrialState.PRUNED || t.state() == TrialState.FAILED)
                .sorted(Comparator.comparingLong(TrialRecord::endedSeq))
                .map(t -> new StoppedTrial(t.trialId(), t.state(), t.params(), t.epochs(), t.lastCvMse(),
                        t.reason().isBlank() ? "-" : t.reason()))
                .toList();
        if (stopped.size() > topN) {
            stopped = stopped.subList(stopped.size() - topN, stopped.size());
        }
        return new LeaderboardSnapshot(state.searchId, state.spec.name(), counts(state), top, stopped,
                state.epochsTrained, (long) state.trialBudget * state.spec.training().maxEpochs(), state.finalTest,
                state.status(), clock.millis(), state.ensemble);
    }

    private static StatusCounts counts(SearchState state) {
        Map<TrialState, Integer> byState = new EnumMap<>(TrialState.class);
        for (TrialRecord trial : state.trials.values()) {
            byState.merge(trial.state(), 1, Integer::sum);
        }
        int running = byState.getOrDefault(TrialState.RUNNING, 0);
        int completed = byState.getOrDefault(TrialState.COMPLETED, 0);
        int pruned = byState.getOrDefault(TrialState.PRUNED, 0);
        int failed = byState.getOrDefault(TrialState.FAILED, 0);
        int requested = (int) Math.max(0, state.trialsToEnd() - running - completed - pruned - failed);
        return new StatusCounts(requested, running, completed, pruned, failed);
    }
}
