package dev.trialstream.core.message;

import java.util.OptionalLong;

/**
 * A trial a worker is training, as a leaderboard snapshot carries it: enough to tell a trial that
 * has stopped moving (its worker still in the fleet, its training hung) from a slow one. Times are
 * epoch millis as the worker stamped its {@link TrialStarted} and {@link EpochReported}s.
 *
 * @param workerId     the worker training its current attempt
 * @param epochs       epochs its current attempt has reported
 * @param startedAt    when its current attempt started
 * @param firstEpochAt when its current attempt reported its first epoch; 0 before it did
 * @param lastEpochAt  when its current attempt reported its latest epoch; 0 before the first
 */
public record RunningTrial(String trialId, String workerId, int epochs, long startedAt, long firstEpochAt,
                           long lastEpochAt) {

    public RunningTrial {
        Checks.id(trialId, "trialId");
        Checks.id(workerId, "workerId");
        Checks.atLeast(epochs, 0, "epochs");
        Checks.atLeast(startedAt, 0, "startedAt");
        if (epochs == 0 && (firstEpochAt != 0 || lastEpochAt != 0)) {
            throw new IllegalArgumentException("firstEpochAt and lastEpochAt must be 0 before an epoch, found "
                    + firstEpochAt + " and " + lastEpochAt);
        }
        if (epochs > 0) {
            Checks.atLeast(firstEpochAt, 1, "firstEpochAt");
            Checks.atLeast(lastEpochAt, firstEpochAt, "lastEpochAt");
        }
    }

    /** When it last moved: its latest epoch, or its start before one. */
    public long lastMoveAt() {
        return epochs == 0 ? startedAt : lastEpochAt;
    }

    /**
     * How long its epochs take, from its own reports: the mean of the epochs after the first (the
     * first also loads data and warms up); the first itself when it is the only one; empty before.
     */
    public OptionalLong epochMillis() {
        if (epochs == 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(epochs == 1 ? Math.max(0, firstEpochAt - startedAt)
                : (lastEpochAt - firstEpochAt) / (epochs - 1));
    }
}
