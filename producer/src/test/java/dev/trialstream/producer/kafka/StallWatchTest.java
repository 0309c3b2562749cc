package dev.trialstream.producer.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.RunningTrial;
import dev.trialstream.core.message.StatusCounts;
import dev.trialstream.core.status.SearchStatus;
import dev.trialstream.core.status.StallRule;
import dev.trialstream.core.status.TrialStall;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each stall said once, and its end once; none said for a worker that has left the fleet. */
class StallWatchTest {

    private static final long MINUTE = 60_000;

    private final List<String> said = new ArrayList<>();
    private final StallWatch watch = new StallWatch(new StallRule(), new LeaderboardFollower.SilenceListener() {
        @Override
        public void silent(String searchId, LeaderboardFollower.Silence silence) {
        }

        @Override
        public void stalled(String searchId, TrialStall stall) {
            said.add("stalled " + stall.trialId() + " on " + stall.workerId());
        }

        @Override
        public void stallOver(String searchId, TrialStall stall, Optional<RunningTrial> running) {
            said.add("over " + stall.trialId() + running.map(r -> " at epoch " + r.epochs()).orElse(", gone"));
        }
    });

    /** A trial of 1 s epochs whose 4th came at 1 min, the snapshot taken at {@code at}. */
    private static LeaderboardSnapshot at(long at, RunningTrial... running) {
        return new LeaderboardSnapshot("s-1", "n", new StatusCounts(0, running.length, 0, 0, 0), List.of(), List.of(),
                4, 40, null, SearchStatus.RUNNING, at, null, 0, List.of(running), 1000);
    }

    private static RunningTrial trial(String id, String worker, int epochs, long lastEpochAt) {
        return new RunningTrial(id, worker, epochs, 1, lastEpochAt - (epochs - 1) * 1000L, lastEpochAt);
    }

    @Test
    void check_saysAStallOnce_andWhenTheTrialMovesAgain() {
        RunningTrial t3 = trial("s-1-t3", "w-1", 4, MINUTE);

        watch.check("s-1", at(2 * MINUTE, t3), worker -> false);
        watch.check("s-1", at(3 * MINUTE + 1, t3), worker -> false);
        watch.check("s-1", at(4 * MINUTE, t3), worker -> false);
        watch.check("s-1", at(4 * MINUTE + 5000, trial("s-1-t3", "w-1", 5, 4 * MINUTE + 4000)), worker -> false);

        assertThat(said).containsExactly("stalled s-1-t3 on w-1", "over s-1-t3 at epoch 5");
    }

    @Test
    void check_aStalledTrialThatNoLongerRuns_isSaidOver() {
        watch.check("s-1", at(4 * MINUTE, trial("s-1-t3", "w-1", 4, MINUTE)), worker -> false);
        watch.check("s-1", at(4 * MINUTE + 10_000), worker -> false);

        assertThat(said).containsExactly("stalled s-1-t3 on w-1", "over s-1-t3, gone");
    }

    /** A killed or stopped worker is not stuck: its trial is retried after Kafka's session timeout. */
    @Test
    void check_aStallOnAWorkerGoneFromTheFleet_isNotSaid() {
        watch.check("s-1", at(4 * MINUTE, trial("s-1-t3", "w-dead", 4, MINUTE), trial("s-1-t4", "w-1", 4, MINUTE)),
                worker -> worker.equals("w-dead"));

        assertThat(said).containsExactly("stalled s-1-t4 on w-1");
    }
}
