package dev.trialstream.core.status;

import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.RunningTrial;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When a running trial counts as stuck: no epoch for {@link #FACTOR} times as long as its epochs
 * take, and at least {@code floor} (a GC pause, a checkpoint, a busy machine must not be called a
 * hang). Before its first epoch it is compared with the search's other trials' first epochs (data
 * loading included); when no trial of the search has reported one yet, with {@link #UNKNOWN}.
 * Silence is measured from the snapshot's own time, so a stale snapshot does not make a trial stuck.
 */
public final class StallRule {

    /** How many of its usual epochs a trial may take before it is called stuck. */
    public static final int FACTOR = 10;
    /** The least silence called stuck, however fast the epochs. */
    public static final Duration FLOOR = Duration.ofMinutes(2);
    /** The silence called stuck before the first epoch of a search whose trials have none to compare with. */
    public static final Duration UNKNOWN = Duration.ofMinutes(15);

    private final Duration floor;

    /** The rule with the {@link #FLOOR}. */
    public StallRule() {
        this(FLOOR);
    }

    /** @param floor the least silence called stuck (a test shortens it) */
    public StallRule(Duration floor) {
        if (floor == null || floor.isNegative() || floor.isZero()) {
            throw new IllegalArgumentException("floor must be positive, found " + floor);
        }
        this.floor = floor;
    }

    /** The running trials of {@code snapshot} that are stuck by this rule, in its order. */
    public List<TrialStall> stalled(LeaderboardSnapshot snapshot) {
        List<TrialStall> stalled = new ArrayList<>();
        for (RunningTrial trial : snapshot.running()) {
            stalled(trial, snapshot.firstEpochMillis(), snapshot.updatedAt()).ifPresent(stalled::add);
        }
        return stalled;
    }

    /**
     * @param firstEpochMillis the search's median time to a first epoch; 0: none known
     * @param now              the snapshot's time
     */
    Optional<TrialStall> stalled(RunningTrial trial, long firstEpochMillis, long now) {
        Duration silent = Duration.ofMillis(Math.max(0, now - trial.lastMoveAt()));
        long usual = trial.epochMillis().orElse(firstEpochMillis);
        Duration limit = usual == 0 && trial.epochs() == 0 ? max(UNKNOWN, floor)
                : max(floor, Duration.ofMillis(usual).multipliedBy(FACTOR));
        return silent.compareTo(limit) >= 0
                ? Optional.of(new TrialStall(trial.trialId(), trial.workerId(), trial.epochs(), silent,
                        Duration.ofMillis(usual)))
                : Optional.empty();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
