package dev.trialstream.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class GroupOffsetsTest {

    private static final TopicPartition TRIALS = new TopicPartition("t.trials", 0);

    @Test
    void offsetsThatCanBeRead_areReturned() {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());
        consumer.assign(Set.of(TRIALS));
        consumer.commitSync(Map.of(TRIALS, new OffsetAndMetadata(7)));

        assertThat(new GroupOffsets(consumer).committed(Set.of(TRIALS)).get(TRIALS).offset()).isEqualTo(7);
    }

    @Test
    void aTimeoutWhileTheLeadersAnswer_isHeldOffsets_namingThePartitions() {
        Slow consumer = new Slow(true);

        assertThatThrownBy(() -> new GroupOffsets(consumer).committed(Set.of(TRIALS)))
                .isInstanceOf(GroupOffsets.HeldOffsets.class)
                .satisfies(e -> assertThat(Failure.of(e)).isEqualTo(Failure.RETRIABLE))
                .hasMessageStartingWith("Kafka answers, but the group's committed offsets on [t.trials-0] cannot be "
                        + "read (Timeout of 15000ms expired")
                .hasMessageContaining("most likely an open transaction committed offsets there");
    }

    @Test
    void aTimeoutWhileTheLeadersDoNotAnswer_staysATimeout() {
        Slow consumer = new Slow(false);

        assertThatThrownBy(() -> new GroupOffsets(consumer).committed(Set.of(TRIALS)))
                .isExactlyInstanceOf(TimeoutException.class);
    }

    /** The group's offsets time out; the leaders' end offsets answer or not. */
    private static final class Slow extends MockConsumer<String, byte[]> {

        private final boolean leadersAnswer;

        Slow(boolean leadersAnswer) {
            super(AutoOffsetResetStrategy.EARLIEST.name());
            this.leadersAnswer = leadersAnswer;
            updateEndOffsets(Map.of(TRIALS, 3L));
        }

        @Override
        public synchronized Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
            throw new TimeoutException("Timeout of 15000ms expired before the last committed offset for partitions "
                    + partitions + " could be determined.");
        }

        @Override
        public synchronized Map<TopicPartition, Long> endOffsets(java.util.Collection<TopicPartition> partitions,
                                                                 Duration timeout) {
            if (!leadersAnswer) {
                throw new TimeoutException("Failed to get offsets by times in 5000ms");
            }
            return super.endOffsets(partitions, timeout);
        }
    }
}
