package dev.trialstream.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;

class InterruptsTest {

    @Test
    void theFirstInterruptFinishes_theSecondStops_everyLaterOneQuits() {
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger stopped = new AtomicInteger();
        AtomicInteger quit = new AtomicInteger();
        Interrupts interrupts = new Interrupts(finished::incrementAndGet, stopped::incrementAndGet,
                quit::incrementAndGet);

        interrupts.interrupted();
        assertThat(List.of(finished.get(), stopped.get(), quit.get())).containsExactly(1, 0, 0);
        interrupts.interrupted();
        assertThat(List.of(finished.get(), stopped.get(), quit.get())).containsExactly(1, 1, 0);
        interrupts.interrupted();
        interrupts.interrupted();
        assertThat(List.of(finished.get(), stopped.get(), quit.get())).containsExactly(1, 1, 2);
    }

    @Test
    void aRealSigintReachesTheFirstAction() {
        AtomicInteger finished = new AtomicInteger();
        Interrupts interrupts = new Interrupts(finished::incrementAndGet, () -> { }, () -> { });

        // A JVM whose SIGINT is ignored (started in the background by a non-interactive shell) cannot take it.
        assumeThat(interrupts.install()).as("SIGINT can be handled in this JVM").isTrue();
        Signal.raise(new Signal("INT"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(finished).hasValue(1));
    }
}
