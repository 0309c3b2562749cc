package dev.trialstream.launcher.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault suite, shortened for CI (second broker outage 15 s instead of 60 s, 6 trials per
 * search): a broker process, an aggregator and workers as child JVMs of this build; workers
 * killed (-9) and terminated, the aggregator killed and restarted on its own and on an empty
 * state dir, the broker killed and restarted twice, stopped cleanly (SIGTERM) and restarted, and
 * started late under a new worker and the aggregator. Every trial of every search must end exactly
 * once, the last model must reproduce its test score, every process must be ready at the end. The
 * bounds on recovery times here are loose (CI machines are shared); {@code bench/faults.sh}
 * measures them for the README.
 */
class FaultSuiteTest {

    /** Kept when the test fails: the processes' logs (aggregator.log, w1.log, broker.log ...) say why. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void everyFault_isWaitedOutAndEveryTrialEndsExactlyOnce() throws Exception {
        FaultSuite suite;
        try (Cluster cluster = new Cluster(Launch.current(), dir)) {
            suite = new FaultSuite(cluster, new FaultSuite.Settings(Duration.ofSeconds(5), Duration.ofSeconds(15), 6, 60,
                    false), System.out);
            suite.run();
        }
        FaultsCommand.print(System.out, suite.recoveries());

        assertThat(suite.problems()).isEmpty();
        assertThat(suite.recoveries()).extracting(FaultSuite.Recovery::fault).contains(
                "worker kill -9 (not restarted)", "worker kill -9, restarted at once", "worker SIGTERM",
                "aggregator kill -9, restarted on its state dir", "aggregator kill -9, restarted on an empty state dir",
                "broker kill -9, back after 5 s", "broker kill -9, back after 15 s", "broker SIGTERM, restarted at once",
                "broker down while the aggregator and a worker start",
                "aggregator kill -9 at the end, restarted on an empty state dir");
        // Far from the default 45 s session timeout plus a stalled slot: recovered, not waited on for minutes.
        assertThat(suite.recoveries()).allSatisfy(r -> assertThat(r.seconds()).as(r.fault() + " until " + r.until())
                .isLessThan(60));
    }
}
