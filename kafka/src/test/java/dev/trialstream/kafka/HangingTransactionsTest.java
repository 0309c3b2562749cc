package dev.trialstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.kafka.HangingTransactions.Open;
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

    private static Open open(TopicPartition partition, long producerId) {
        return new Open(partition, producerId, (short) 694, 0, 1_000L);
    }

    private static TransactionDescription coordinator(TransactionState state, Set<TopicPartition> partitions) {
        return new TransactionDescription(1, state, 5, 695, 10_000, OptionalLong.empty(), partitions);
    }

    @Test
    void shouldCallHangingATransactionItsCoordinatorHasCompleted() {
        // The case seen after a broker restart: the coordinator completed the commit, the markers never came.
        List<Open> open = List.of(open(OFFSETS, 5), open(BOARD, 5));
        assertThat(HangingTransactions.hanging(open, List.of(new TransactionListing(OURS, 5, TransactionState.COMPLETE_COMMIT)),
                Map.of(OURS, coordinator(TransactionState.COMPLETE_COMMIT, Set.of())), "ts.aggregator-"))
                .containsExactlyElementsOf(open);
        assertThat(HangingTransactions.hanging(open, List.of(new TransactionListing(OURS, 5, TransactionState.EMPTY)),
                Map.of(OURS, coordinator(TransactionState.EMPTY, Set.of())), "ts.aggregator-"))
                .containsExactlyElementsOf(open);
    }

    @Test
    void shouldCallHangingAPartitionTheCoordinatorsOpenTransactionDoesNotHold() {
        // A newer transaction of the same producer is under way, but not on the board partition.
        assertThat(HangingTransactions.hanging(List.of(open(BOARD, 5)),
                List.of(new TransactionListing(OURS, 5, TransactionState.ONGOING)),
                Map.of(OURS, coordinator(TransactionState.ONGOING, Set.of(OFFSETS))), "ts.aggregator-"))
                .containsExactly(open(BOARD, 5));
    }

    @Test
    void shouldLeaveATransactionInProgressAlone() {
        for (TransactionState state : List.of(TransactionState.ONGOING, TransactionState.PREPARE_COMMIT,
                TransactionState.PREPARE_ABORT)) {
            assertThat(HangingTransactions.hanging(List.of(open(OFFSETS, 5)), List.of(new TransactionListing(OURS, 5, state)),
                    Map.of(OURS, coordinator(state, Set.of(OFFSETS, BOARD))), "ts.aggregator-")).as(state.toString()).isEmpty();
        }
    }

    @Test
    void shouldLeaveOtherApplicationsAndUnknownProducersAlone() {
        String theirs = "ts.worker-w1";
        assertThat(HangingTransactions.hanging(List.of(open(OFFSETS, 7)),
                List.of(new TransactionListing(theirs, 7, TransactionState.COMPLETE_COMMIT)),
                Map.of(theirs, coordinator(TransactionState.COMPLETE_COMMIT, Set.of())), "ts.aggregator-")).isEmpty();
        assertThat(HangingTransactions.hanging(List.of(open(OFFSETS, 9)), List.of(), Map.of(), "ts.aggregator-")).isEmpty();
    }
}
