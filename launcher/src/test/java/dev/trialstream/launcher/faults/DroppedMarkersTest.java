package dev.trialstream.launcher.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DroppedMarkersTest {

    /** The line a Kafka 4.4 broker logged in CI when it skipped a committed transaction's markers. */
    private static final String SKIPPED = "17:01:54.468 [TxnMarkerSenderThread-1] INFO TransactionMarkerChannelManager -"
            + " [Transaction Marker Channel Manager 1]: Couldn't find leader endpoint for partitions"
            + " HashSet(faults.leaderboard-1, __consumer_offsets-0) while trying to send transaction markers for"
            + " faults.aggregator-6cdcd561-1f81-31f9-95f0-abfe3bd9b4ce-1, these partitions are likely deleted already"
            + " and hence can be skipped";

    @TempDir
    Path dir;

    @Test
    void shouldFindTheLineWhereKafkaSkippedMarkers() throws Exception {
        Path log = brokerLog(
                "17:01:45.836 [broker-1-lifecycle-manager-event-handler] INFO BrokerLifecycleManager - Unable to register"
                        + " broker 1 because the controller returned error DUPLICATE_BROKER_REGISTRATION",
                SKIPPED,
                "17:01:56.279 [transaction-log-manager-0] INFO TransactionStateManager - Completed loading");

        assertThat(DroppedMarkers.find(log)).contains(SKIPPED);
    }

    @Test
    void shouldFindNothingInAnOrdinaryRestartOrWithoutALog() throws Exception {
        Path log = brokerLog(
                "17:01:46.675 [transaction-log-manager-0] INFO TransactionStateManager - [Transaction State Manager 1]:"
                        + " Sending txn markers for TransactionalIdCoordinatorEpochAndTransitMetadata[...]",
                // The same words about a partition, not about markers: a topic deleted on purpose.
                "17:02:00.000 [ReplicaFetcherThread] INFO Something - Couldn't find leader endpoint for partitions"
                        + " HashSet(faults.trials-0) while fetching");

        assertThat(DroppedMarkers.find(log)).isEmpty();
        assertThat(DroppedMarkers.find(dir.resolve("missing.log"))).isEmpty();
    }

    private Path brokerLog(String... lines) throws Exception {
        return Files.write(dir.resolve("broker.log"), List.of(lines));
    }
}
