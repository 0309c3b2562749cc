package dev.trialstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.kafka.HangingTransactions.Open;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Which long-open transactions count as hanging (the rule of {@code kafka-transactions.sh find-hanging}). */
class HangingTransactionsTest {

    private static final TopicPartition OFFSETS = new TopicPartition("__consumer_offsets", 0);
    private static final TopicPartition BOARD = new TopicPartition("ts.leaderboard", 1);
    private static final String OURS = "ts.aggregator-6cdcd561-1";
    private static final Map<String, Duration> AGGREGATOR = Map.of("ts.aggregator-", Duration.ofSeconds(30));
    /** Long after every open transaction's last write (at 1 s). */
    private static final long NOW = 1_000L + 60_000L;

    private static Open open(TopicPartition partition, long producerId) {
        return new Open(partition, producerId, (short) 694, 0, 1_000L, 0L);
    }

    private static TransactionDescription coordinator(TransactionState state, Set<TopicPartition> partitions) {
        return new TransactionDescription(1, state, 5, 695, 10_000, OptionalLong.empty(), partitions);
    }

    @Test
    void shouldCallHangingATransactionItsCoordinatorHasCompleted() {
        // The case seen after a broker restart: the coordinator completed the commit, the markers never came.
        List<Open> open = List.of(open(OFFSETS, 5), open(BOARD, 5));
        assertThat(HangingTransactions.hanging(open, List.of(new TransactionListing(OURS, 5, TransactionState.COMPLETE_COMMIT)),
                Map.of(OURS, coordinator(TransactionState.COMPLETE_COMMIT, Set.of())), AGGREGATOR, NOW))
                .containsExactlyElementsOf(open);
        assertThat(HangingTransactions.hanging(open, List.of(new TransactionListing(OURS, 5, TransactionState.EMPTY)),
                Map.of(OURS, coordinator(TransactionState.EMPTY, Set.of())), AGGREGATOR, NOW))
                .containsExactlyElementsOf(open);
    }

    @Test
    void shouldCallHangingAPartitionTheCoordinatorsOpenTransactionDoesNotHold() {
        // A newer transaction of the same producer is under way, but not on the board partition.
        assertThat(HangingTransactions.hanging(List.of(open(BOARD, 5)),
                List.of(new TransactionListing(OURS, 5, TransactionState.ONGOING)),
                Map.of(OURS, coordinator(TransactionState.ONGOING, Set.of(OFFSETS))), AGGREGATOR, NOW))
                .containsExactly(open(BOARD, 5));
    }

    @Test
    void shouldLeaveATransactionInProgressAlone() {
        for (TransactionState state : List.of(TransactionState.ONGOING, TransactionState.PREPARE_COMMIT,
                TransactionState.PREPARE_ABORT)) {
            assertThat(HangingTransactions.hanging(List.of(open(OFFSETS, 5)), List.of(new TransactionListing(OURS, 5, state)),
                    Map.of(OURS, coordinator(state, Set.of(OFFSETS, BOARD))), AGGREGATOR, NOW)).as(state.toString()).isEmpty();
        }
    }

    @Test
    void shouldLeaveOtherApplicationsAndUnknownProducersAlone() {
        String theirs = "ts.worker-w1";
        assertThat(HangingTransactions.hanging(List.of(open(OFFSETS, 7)),
                List.of(new TransactionListing(theirs, 7, TransactionState.COMPLETE_COMMIT)),
                Map.of(theirs, coordinator(TransactionState.COMPLETE_COMMIT, Set.of())), AGGREGATOR, NOW)).isEmpty();
        assertThat(HangingTransactions.hanging(List.of(open(OFFSETS, 9)), List.of(), Map.of(), AGGREGATOR, NOW)).isEmpty();
    }

    @Test
    void shouldHoldEachOwnerToItsOwnAge() {
        // The aggregator's check also serves the workers, whose transactions may stay open longer.
        String worker = "ts.worker-w1-slot-0";
        Map<String, Duration> owners = Map.of("ts.aggregator-", Duration.ofSeconds(30), "ts.worker-", Duration.ofSeconds(120));
        List<TransactionListing> listings = List.of(new TransactionListing(OURS, 5, TransactionState.COMPLETE_COMMIT),
                new TransactionListing(worker, 7, TransactionState.COMPLETE_COMMIT));
        Map<String, TransactionDescription> coordinators = Map.of(OURS, coordinator(TransactionState.COMPLETE_COMMIT, Set.of()),
                worker, coordinator(TransactionState.COMPLETE_COMMIT, Set.of()));
        Open app = open(BOARD, 5);
        Open workers = open(OFFSETS, 7);

        assertThat(HangingTransactions.hanging(List.of(app, workers), listings, coordinators, owners, 1_000L + 60_000L))
                .containsExactly(app);
        assertThat(HangingTransactions.hanging(List.of(app, workers), listings, coordinators, owners, 1_000L + 121_000L))
                .containsExactly(app, workers);
        assertThat(HangingTransactions.hanging(List.of(app, workers), listings, coordinators, owners, 1_000L + 20_000L))
                .isEmpty();
    }
}
