package dev.trialstream.producer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.core.message.RunningTrial;
import dev.trialstream.core.status.TrialStall;
import dev.trialstream.producer.kafka.LeaderboardFollower;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@code watch} says when no worker is in the fleet, and when a running trial stops moving. */
class SilenceHintTest {

    private final List<String> said = new ArrayList<>();

    @Test
    void noWorker_namesTheTrialsThatWait_orTheFinalFitOnceEveryTrialEnded() {
        LeaderboardFollower.SilenceListener hint = SilenceHint.watching(said::add);

        hint.noWorker("s-1", Duration.ofSeconds(42), 12);
        hint.noWorker("s-1", Duration.ofSeconds(31), 1);
        hint.noWorker("s-1", Duration.ofSeconds(30), 0);

        assertThat(said).containsExactly(
                "trialstream watch: no worker has been in the fleet for 42 s: 12 trials of search s-1 wait for one"
                        + " (start one: `trialstream worker --bootstrap HOST:PORT`, with the same --topic-prefix)."
                        + " Still waiting.",
                "trialstream watch: no worker has been in the fleet for 31 s: 1 trial of search s-1 waits for one"
                        + " (start one: `trialstream worker --bootstrap HOST:PORT`, with the same --topic-prefix)."
                        + " Still waiting.",
                "trialstream watch: no worker has been in the fleet for 30 s: the final fit of search s-1 waits for"
                        + " one (start one: `trialstream worker --bootstrap HOST:PORT`, with the same --topic-prefix;"
                        + " or end the search without a model: `trialstream cancel s-1 --abandon-final-fit`)."
                        + " Still waiting.");
    }

    @Test
    void stalled_saysHowLongAgainstWhat_onWhichWorker_andWhenItIsOver() {
        LeaderboardFollower.SilenceListener hint = SilenceHint.watching(said::add);
        TrialStall afterEpochs = new TrialStall("s-1-t0003", "gpu-7-4f2a9c", 12, Duration.ofSeconds(250),
                Duration.ofSeconds(2));
        TrialStall beforeAny = new TrialStall("s-1-t0004", "gpu-8-0b1c2d", 0, Duration.ofMinutes(20), Duration.ZERO);

        hint.stalled("s-1", afterEpochs);
        hint.stalled("s-1", new TrialStall("s-1-t0005", "gpu-7-4f2a9c", 0, Duration.ofSeconds(130),
                Duration.ofMillis(900)));
        hint.stalled("s-1", beforeAny);
        hint.stallOver("s-1", afterEpochs, Optional.of(new RunningTrial("s-1-t0003", "gpu-7-4f2a9c", 13, 1, 2, 3)));
        hint.stallOver("s-1", beforeAny, Optional.empty());
        hint.stallOver("s-1", afterEpochs, Optional.of(new RunningTrial("s-1-t0003", "gpu-9-77aa00", 0, 5, 0, 0)));

        String advice = "is that worker stuck? Look at its log; restart it if it is, and the trial is retried on"
                + " another worker. Still waiting.";
        assertThat(said).containsExactly(
                "trialstream watch: trial s-1-t0003 of search s-1 has reported no epoch for 4 min after epoch 12"
                        + " (its epochs took 2 s each; worker gpu-7-4f2a9c): " + advice,
                "trialstream watch: trial s-1-t0005 of search s-1 has reported no epoch for 2 min since it started"
                        + " (the search's trials took 900 ms to their first epoch; worker gpu-7-4f2a9c): " + advice,
                "trialstream watch: trial s-1-t0004 of search s-1 has reported no epoch for 20 min since it started"
                        + " (no trial of the search has reported an epoch yet; worker gpu-8-0b1c2d): " + advice,
                "trialstream watch: trial s-1-t0003 of search s-1 moves again (epoch 13).",
                "trialstream watch: trial s-1-t0004 of search s-1 no longer runs on worker gpu-8-0b1c2d (it ended,"
                        + " or went back to the queue to be retried).",
                "trialstream watch: trial s-1-t0003 of search s-1 started again (a new attempt, on worker"
                        + " gpu-9-77aa00).");
    }
}
