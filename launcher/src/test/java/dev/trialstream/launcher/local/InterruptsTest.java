package dev.trialstream.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    /**
     * A JVM started with SIGINT ignored (a job a non-interactive shell put in the background, or
     * under {@code trap '' INT}) keeps it ignored, and {@code Signal.handle} says so by answering
     * SIG_IGN rather than by failing: {@code install} must report that it handles nothing (it said
     * it did, and the test above then waited in vain; met running the tests in the background on
     * Java 25). Run in a child JVM under {@code trap '' INT}.
     */
    @Test
    void install_inAJvmWhoseSigintIsIgnored_saysItHandlesNothing_andTheSignalStaysIgnored() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder("sh", "-c", "trap '' INT; exec \"$0\" -cp \"$1\" \"$2\"", java,
                System.getProperty("java.class.path"), Probe.class.getName()).redirectErrorStream(true).start();

        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).as(out).contains("installed=false", "alive after SIGINT");
        assertThat(child.exitValue()).isZero();
    }

    /** Installs, has SIGINT sent to itself (as Ctrl-C would), and says whether it lived. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            AtomicInteger pressed = new AtomicInteger();
            System.out.println("installed=" + new Interrupts(pressed::incrementAndGet).install());
            new ProcessBuilder("kill", "-INT", Long.toString(ProcessHandle.current().pid())).start().waitFor();
            Thread.sleep(500);
            System.out.println("alive after SIGINT, presses " + pressed.get());
        }
    }
}
