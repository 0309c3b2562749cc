package dev.trialstream.core.message;

import dev.trialstream.core.metrics.RegressionMetrics;
import dev.trialstream.core.status.SearchStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The state of one search as the CLI shows it; the {@code leaderboard} topic is compacted, so its
 * last snapshot per search is all a reader needs.
 *
 * @param counts        trials per state
 * @param top           the best completed trials so far, ranked (rank 1 first)
 * @param stopped       pruned and failed trials, most recent last, with their reasons
 * @param status        where the search is (see {@link SearchStatus})
 * @param epochsTrained epochs trained by every trial so far, {@code epochsRedone} included: compute spent
 * @param epochBudget   trial budget × max epochs: what a search without pruning would train
 * @param finalTest     the winner's test-split scores once its final fit is done, else null
 * @param updatedAt     epoch millis
 * @param ensemble      the ensemble selected from the completed trials' out-of-fold predictions so
 *                      far; null until a completed trial carried them
 * @param epochsRedone  of {@code epochsTrained}, the epochs of attempts that were lost (a worker died
 *                      mid-trial) and trained again by a later attempt, or lost with a trial given up
 *                      (since 2026-12-08; they counted as the plan's before): they can take
 *                      {@code epochsTrained} past {@code epochBudget} without the search running
 *                      over its plan. 0 in snapshots of aggregators before 2026-12-07, which did not count them
 * @param running       the trials being trained, each with its worker and when it last reported an epoch
 *                      (since 2026-12-08; empty in older snapshots, and for trials an older aggregator
 *                      started tracking): what tells a trial whose worker has hung from a slow one
 * @param firstEpochMillis the median time the search's trials took from their start to their first epoch;
 *                      0 before any trial reported one (and in older snapshots)
 */
public record LeaderboardSnapshot(String searchId, String name, StatusCounts counts, List<LeaderboardEntry> top,
                                  List<StoppedTrial> stopped, long epochsTrained, long epochBudget,
                                  RegressionMetrics finalTest, SearchStatus status, long updatedAt,
                                  EnsembleSummary ensemble, long epochsRedone, List<RunningTrial> running,
                                  long firstEpochMillis)
        implements Message {

    /**
     * How often an aggregator publishes the snapshot of each search it tracks that has not ended,
     * though nothing changed (a long epoch, trials queued with no worker): a reader that gets none
     * for a few of these knows no aggregator is running or answering, not that the search is quiet.
     */
    public static final Duration HEARTBEAT = Duration.ofSeconds(10);

    /** A leaderboard without an ensemble. */
    public LeaderboardSnapshot(String searchId, String name, StatusCounts counts, List<LeaderboardEntry> top,
                               List<StoppedTrial> stopped, long epochsTrained, long epochBudget,
                               RegressionMetrics finalTest, SearchStatus status, long updatedAt) {
        this(searchId, name, counts, top, stopped, epochsTrained, epochBudget, finalTest, status, updatedAt, null, 0, List.of(), 0);
    }

    /** A leaderboard with no epoch redone. */
    public LeaderboardSnapshot(String searchId, String name, StatusCounts counts, List<LeaderboardEntry> top,
                               List<StoppedTrial> stopped, long epochsTrained, long epochBudget,
                               RegressionMetrics finalTest, SearchStatus status, long updatedAt,
                               EnsembleSummary ensemble) {
        this(searchId, name, counts, top, stopped, epochsTrained, epochBudget, finalTest, status, updatedAt, ensemble, 0, List.of(), 0);
    }

    public LeaderboardSnapshot {
        Checks.id(searchId, "searchId");
        Checks.text(name, "name");
        Checks.present(counts, "counts");
        top = List.copyOf(Checks.present(top, "top"));
        for (int i = 0; i < top.size(); i++) {
            if (top.get(i).rank() != i + 1) {
                throw new IllegalArgumentException(
                        "top[" + i + "].rank must be " + (i + 1) + ", found " + top.get(i).rank());
            }
        }
        stopped = List.copyOf(Checks.present(stopped, "stopped"));
        Checks.present(status, "status");
        Checks.atLeast(epochsTrained, 0, "epochsTrained");
        Checks.atLeast(epochBudget, 0, "epochBudget");
        Checks.atLeast(epochsRedone, 0, "epochsRedone");
        if (epochsRedone > epochsTrained) {
            throw new IllegalArgumentException("epochsRedone must be at most epochsTrained (" + epochsTrained
                    + "), found " + epochsRedone);
        }
        Checks.atLeast(updatedAt, 0, "updatedAt");
        running = running == null ? List.of() : List.copyOf(running);
        Checks.atLeast(firstEpochMillis, 0, "firstEpochMillis");
    }

    /** A leaderboard that says nothing of its running trials (as aggregators before 2026-12-08 wrote it). */
    public LeaderboardSnapshot(String searchId, String name, StatusCounts counts, List<LeaderboardEntry> top,
                               List<StoppedTrial> stopped, long epochsTrained, long epochBudget,
                               RegressionMetrics finalTest, SearchStatus status, long updatedAt,
                               EnsembleSummary ensemble, long epochsRedone) {
        this(searchId, name, counts, top, stopped, epochsTrained, epochBudget, finalTest, status, updatedAt, ensemble,
                epochsRedone, List.of(), 0);
    }

    @Override
    public String key() {
        return searchId;
    }

    /** True once no more work will happen (final fit done, failed or skipped). */
    public boolean done() {
        return status.ended();
    }

    /**
     * The epochs that count toward the search's plan: {@code epochsTrained} less those redone after
     * a lost attempt (each trial's last attempt only): what {@code epochBudget} bounds.
     */
    public long epochsOfPlan() {
        return epochsTrained - epochsRedone;
    }

    /** The leading trial, if any trial has a score yet. */
    public Optional<LeaderboardEntry> best() {
        return top.stream().findFirst();
    }
}
