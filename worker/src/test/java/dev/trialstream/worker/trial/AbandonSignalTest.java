package dev.trialstream.worker.trial;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AbandonSignalTest {

    @Test
    void reason_emptyUntilRaised() {
        assertThat(new AbandonSignal().reason()).isEmpty();
    }

    @Test
    void raise_theFirstReasonWins() {
        AbandonSignal signal = new AbandonSignal();

        signal.raise("partition trials-0 revoked");
        signal.raise("worker shutting down");

        assertThat(signal.reason()).contains("partition trials-0 revoked");
    }
}
