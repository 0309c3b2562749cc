package dev.trialstream.aggregator.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.core.message.TrialRequested;
import dev.trialstream.kafka.TrialPartitions;
import org.junit.jupiter.api.Test;

class TrialPartitionTest {

    @Test
    void trialPartition_releasedTrialsGoWhereTheSubmitterPutsTheFirstBatch() {
        assertThat(java.util.stream.IntStream.range(0, 6)
                .map(i -> AggregatorTopology.trialPartition(TrialRequested.idFor("s-1a2b3c4d", i), 4)))
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 6)
                        .mapToObj(i -> TrialPartitions.of("s-1a2b3c4d", i, 4)).toList());
        assertThat(AggregatorTopology.trialPartition("s-1a2b3c4d/final", 4)).isBetween(0, 3);
    }

    @Test
    void trialPartition_aTrialReleasedIntoALaneGoesWhereThatLanesFirstTrialWent() {
        for (int lane = 0; lane < 8; lane++) {
            assertThat(AggregatorTopology.trialPartition(
                    dev.trialstream.aggregator.state.TrialQueueKey.of("s-1a2b3c4d", lane), 4))
                    .isEqualTo(TrialPartitions.of("s-1a2b3c4d", lane, 4));
        }
    }
}
