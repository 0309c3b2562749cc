package dev.trialstream.aggregator.state;

import dev.trialstream.core.message.LeaderboardEntry;
import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.RunningTrial;
import dev.trialstream.core.message.StatusCounts;
import dev.trialstream.core.message.StoppedTrial;
import dev.trialstream.core.status.TrialState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.List;
import java.util.PriorityQueue;

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

    /**
     * The search's snapshot. Runs at every trial's end, so it picks the top and the latest stopped
     * trials with bounded heaps (each trial's CV MSE computed once) instead of sorting every trial:
     * a 2,000-trial search otherwise spends its aggregator on sorting.
     */
    LeaderboardSnapshot snapshot(SearchState state) {
        PriorityQueue<Ranked> best = new PriorityQueue<>(Ranked.BEST_FIRST.reversed());
        PriorityQueue<TrialRecord> latestStopped = new PriorityQueue<>(Comparator.comparingLong(TrialRecord::endedSeq));
        long epochsRedone = 0;
        List<RunningTrial> running = new ArrayList<>();
        List<Long> firstEpochs = new ArrayList<>();
        for (TrialRecord t : state.trials.values()) {
            epochsRedone += t.epochsRedone();
            t.running().ifPresent(running::add);
            if (t.firstEpochMillis() > 0) {
                firstEpochs.add(t.firstEpochMillis());
            }
            if (t.state() == TrialState.COMPLETED && t.params() != null && t.scores().isPresent()) {
                keep(best, new Ranked(t.cvMse(), t), Ranked.BEST_FIRST.reversed());
            } else if (t.state() == TrialState.PRUNED || t.state() == TrialState.FAILED) {
                keep(latestStopped, t, Comparator.comparingLong(TrialRecord::endedSeq));
            }
        }
        List<Ranked> ranked = new ArrayList<>(best);
        ranked.sort(Ranked.BEST_FIRST);
        List<LeaderboardEntry> top = new ArrayList<>();
        for (Ranked r : ranked) {
            TrialRecord t = r.trial();
            top.add(new LeaderboardEntry(top.size() + 1, t.trialId(), t.params(), t.epochs(), t.scores().orElseThrow()));
        }
        List<TrialRecord> latest = new ArrayList<>(latestStopped);
        latest.sort(Comparator.comparingLong(TrialRecord::endedSeq));
        List<StoppedTrial> stopped = latest.stream()
                .map(t -> new StoppedTrial(t.trialId(), t.state(), t.params(), t.epochs(), t.lastCvMse(),
                        t.reason().isBlank() ? "-" : t.reason()))
                .toList();
        return new LeaderboardSnapshot(state.searchId, state.spec.name(), counts(state), top, stopped,
                state.epochsTrained, (long) state.trialBudget * state.spec.training().maxEpochs(), state.finalTest,
                state.status(), clock.millis(), state.ensemble, epochsRedone,
                running, median(firstEpochs));
    }

    /** The median of {@code values} (the lower middle one of an even count); 0 for none. */
    private static long median(List<Long> values) {
        if (values.isEmpty()) {
            return 0;
        }
        values.sort(null);
        return values.get((values.size() - 1) / 2);
    }

    /**
     * Adds to a heap ordered by {@code order} (its head is the one to drop), keeping its {@code topN}
     * best; once full, an item no better than the head is not added at all (most trials, most times).
     */
    private <T> void keep(PriorityQueue<T> heap, T item, Comparator<T> order) {
        if (heap.size() < topN) {
            heap.add(item);
        } else if (order.compare(item, heap.peek()) > 0) {
            heap.poll();
            heap.add(item);
        }
    }

    /** A completed trial with its CV MSE computed once; best first as {@link TrialRecord#BY_CV_MSE}. */
    private record Ranked(double cvMse, TrialRecord trial) {
        static final Comparator<Ranked> BEST_FIRST =
                Comparator.comparingDouble(Ranked::cvMse).thenComparingInt(r -> r.trial().index());
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
