package dev.trialstream.producer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.core.message.LeaderboardEntry;
import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.StatusCounts;
import dev.trialstream.core.message.StoppedTrial;
import dev.trialstream.core.metrics.CvScores;
import dev.trialstream.core.metrics.RegressionMetrics;
import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.status.SearchStatus;
import dev.trialstream.core.status.TrialState;
import java.util.List;
import org.junit.jupiter.api.Test;

class MissingModelTest {

    private static LeaderboardSnapshot search(SearchStatus status, StatusCounts counts, List<LeaderboardEntry> top) {
        return new LeaderboardSnapshot("s-1", "demo", counts, top, List.of(), 10, 100, null, status, 1);
    }

    @Test
    void aCancelledSearch_saysItGetsNoFinalFit_andNamesItsBestTrial() {
        LeaderboardEntry best = new LeaderboardEntry(1, "s-1-t0003", Hyperparameters.DEFAULTS, 20,
                new CvScores(List.of(new RegressionMetrics(10, 15.5, 3.9, 2.5, 0.8))));

        String why = MissingModel.why(search(SearchStatus.CANCELLED, new StatusCounts(0, 0, 3, 2, 0), List.of(best)),
                "trialstream.models");

        assertThat(why).startsWith("s-1 was cancelled, and a cancelled search gets no final fit, so it has no model")
                .contains("its best trial: s-1-t0003, cv_mse 15.5000")
                .endsWith("; `trialstream refit s-1` fits one on the trials that completed");
    }

    @Test
    void aRunningSearch_saysHowFarItIs_andHowToFollowIt() {
        String why = MissingModel.why(search(SearchStatus.RUNNING, new StatusCounts(4, 2, 3, 1, 0), List.of()),
                "trialstream.models");

        assertThat(why).isEqualTo("s-1 has no model yet: it is running (4 of 10 trials ended); "
                + "`trialstream watch s-1` follows it to the end");
    }

    @Test
    void aFailedFinalFit_pointsAtRefit() {
        String why = MissingModel.why(search(SearchStatus.FINAL_FIT_FAILED, new StatusCounts(0, 0, 3, 0, 0), List.of()),
                "trialstream.models");

        assertThat(why).contains("final fit failed").contains("`trialstream refit s-1`");
    }

    @Test
    void aSearchWithNoCompletedTrial_saysSo() {
        String why = MissingModel.why(search(SearchStatus.NO_RESULT, new StatusCounts(0, 0, 0, 2, 3), List.of()),
                "trialstream.models");

        assertThat(why).isEqualTo("s-1 has no model: no trial completed (2 pruned, 3 failed)");
    }

    @Test
    void aSearchWhoseTrialsFailed_saysWhyTheFirstFailed_andWhereTheOthersReasonsAre() {
        StoppedTrial pruned = new StoppedTrial("s-1-t0000", TrialState.PRUNED, Hyperparameters.DEFAULTS, 3, 20.5,
                "asha: below the top 1/3 at epoch 3");
        StoppedTrial diverged = new StoppedTrial("s-1-t0001", TrialState.FAILED, Hyperparameters.DEFAULTS, 1,
                Double.NaN, "diverged at epoch 1: validation MSE of fold 1 is NaN (learning rate 0.01 with sgd)");
        StoppedTrial later = new StoppedTrial("s-1-t0002", TrialState.FAILED, Hyperparameters.DEFAULTS, 1,
                Double.NaN, "diverged at epoch 1: validation MSE of fold 2 is NaN (learning rate 0.02 with sgd)");
        LeaderboardSnapshot search = new LeaderboardSnapshot("s-1", "demo", new StatusCounts(0, 0, 0, 1, 2), List.of(),
                List.of(pruned, diverged, later), 5, 100, null, SearchStatus.NO_RESULT, 1);

        String why = MissingModel.why(search, "trialstream.models");

        assertThat(why).isEqualTo("s-1 has no model: no trial completed (1 pruned, 2 failed); s-1-t0001 failed:"
                + " diverged at epoch 1: validation MSE of fold 1 is NaN (learning rate 0.01 with sgd)"
                + " (`trialstream leaderboard s-1` lists every trial's reason)");
    }
}
