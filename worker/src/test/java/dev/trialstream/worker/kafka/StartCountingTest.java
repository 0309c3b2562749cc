package dev.trialstream.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetMetadataTooLarge;
import org.junit.jupiter.api.Test;

class StartCountingTest {

    private static final TopicPartition P0 = new TopicPartition("trials", 0);
    private static final Map<TopicPartition, OffsetAndMetadata> COUNTED = Map.of(P0, new OffsetAndMetadata(4, "started:4=1"));
    /** What the transactional producer throws for the broker's OFFSET_METADATA_TOO_LARGE. */
    private static final KafkaException REFUSED = new KafkaException("Cannot execute transactional method because we "
            + "are in an error state", new KafkaException("Unexpected error in TxnOffsetCommitResponse: The metadata "
            + "field of the offset request was too large."));

    @Test
    void fit_carriesTheCountUntilRefused() {
        StartCounting counting = new StartCounting();

        assertThat(counting.fit(COUNTED)).isEqualTo(COUNTED);
        assertThat(counting.refusedBy(REFUSED, COUNTED, "w/slot-0")).isTrue();
        assertThat(counting.carried()).isFalse();
        assertThat(counting.fit(COUNTED)).isEqualTo(Map.of(P0, new OffsetAndMetadata(4)));
    }

    @Test
    void refusedBy_theClientsOwnException_too() {
        assertThat(new StartCounting().refusedBy(new OffsetMetadataTooLarge("too large"), COUNTED, "w/slot-0")).isTrue();
    }

    @Test
    void refusedBy_anotherError_orACommitWithoutCount_isNot() {
        StartCounting counting = new StartCounting();

        assertThat(counting.refusedBy(new KafkaException("Unexpected error in TxnOffsetCommitResponse: something else"),
                COUNTED, "w/slot-0")).isFalse();
        assertThat(counting.refusedBy(REFUSED, Map.of(P0, new OffsetAndMetadata(4)), "w/slot-0")).isFalse();
        assertThat(counting.carried()).isTrue();
    }
}
