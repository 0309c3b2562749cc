package dev.trialstream.launcher.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker faults on a replicated cluster, as production runs Kafka: three broker processes
 * (combined KRaft nodes, every partition on each, writes acknowledged by two), the aggregator and
 * workers as child JVMs. The node coordinating the workers' group is killed (-9) twice while trials
 * run, then every node is restarted in turn (SIGTERM, a rolling restart); the pipeline must go on
 * without the node that is down, and every trial of every search must still end exactly once, with
 * one final fit whose model reproduces its test score.
 */
class ReplicatedFaultSuiteTest {

    /** Kept when the test fails: the processes' logs (broker-1.log ... aggregator.log, w1.log) say why. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void killingTheWorkersCoordinator_andARollingRestart_ofThreeBrokers_loseNoTrialAndNeedNoRestart() throws Exception {
        FaultSuite suite;
        try (Cluster cluster = new Cluster(Launch.current(), dir, 3, Map.of())) {
            suite = new FaultSuite(cluster, new FaultSuite.Settings(Duration.ofSeconds(5), Duration.ofSeconds(15), 6, 60,
                    true, EnumSet.of(FaultSuite.Fault.BROKER_SHORT, FaultSuite.Fault.BROKER_LONG,
                    FaultSuite.Fault.BROKER_ROLLING)), System.out);
            suite.run();
        }
        FaultsCommand.print(System.out, suite.recoveries());

        assertThat(suite.problems()).isEmpty();
        // Trial events flow again once Kafka fences the dead node (its 9 s broker session), not when it returns.
        assertThat(suite.recoveries()).filteredOn(r -> r.until().startsWith("a trial event made after the kill"))
                .hasSize(2).allSatisfy(r -> assertThat(r.seconds()).as(r.fault()).isLessThan(60));
        // A rolling restart: each of the three stopped cleanly in turn, and each back in sync before the next.
        assertThat(suite.recoveries()).filteredOn(r -> r.fault().contains("(rolling restart)")
                        && r.until().startsWith("every partition's replicas in sync"))
                .extracting(r -> r.fault().substring(0, r.fault().indexOf(' ')))
                .containsExactlyInAnyOrder("broker-1", "broker-2", "broker-3");
    }
}
