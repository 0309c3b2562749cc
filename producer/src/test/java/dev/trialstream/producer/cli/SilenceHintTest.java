package dev.trialstream.producer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.producer.kafka.LeaderboardFollower;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code watch} says when no worker is in the fleet: of the trials that wait, or of the final fit. */
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
}
