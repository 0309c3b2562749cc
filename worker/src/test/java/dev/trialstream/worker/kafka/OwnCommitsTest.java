package dev.trialstream.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OwnCommitsTest {

    private static final TopicPartition P0 = new TopicPartition("trials", 0);
    private static final TopicPartition P1 = new TopicPartition("trials", 1);

    private final OwnCommits own = new OwnCommits();

    private static Map<TopicPartition, OffsetAndMetadata> group(TopicPartition partition, Long offset) {
        Map<TopicPartition, OffsetAndMetadata> group = new HashMap<>(); // consumer.committed() maps "none" to null
        group.put(partition, offset == null ? null : new OffsetAndMetadata(offset));
        return group;
    }

    @Test
    void aGroupOffsetBelowTheSlotsOwn_isLost_andSetBackToIt() {
        own.record(Map.of(P0, new OffsetAndMetadata(5), P1, new OffsetAndMetadata(3)));
        own.record(Map.of(P0, new OffsetAndMetadata(7)));

        assertThat(own.lost(group(P0, 7L))).isEmpty();
        assertThat(own.lost(group(P0, 8L))).as("past it: another commit of the slot's").isEmpty();
        assertThat(own.lost(group(P0, 5L))).containsExactly(entry(P0, 5L));
        assertThat(own.lost(group(P0, 5L))).as("set back: found once").isEmpty();
        assertThat(own.lost(group(P1, null))).as("no offset in the group at all").containsExactly(entry(P1, 0L));
    }

    @Test
    void aPartitionThatLeftTheSlot_isNotItsToJudge() {
        own.record(Map.of(P0, new OffsetAndMetadata(5)));
        own.forget(List.of(P0));

        assertThat(own.partitions()).isEmpty();
        assertThat(own.lost(group(P0, 0L))).isEmpty();
    }
}
