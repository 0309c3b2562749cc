package dev.trialstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionScanTest {

    private static final TopicPartition PARTITION = new TopicPartition("t", 0);

    @Test
    void scanFrom_handsOverTheRecordsFromTheOffsetToTheLowerOfUntilAndTheEnd() {
        assertThat(scan(3, 7)).isEqualTo(new Scanned(List.of(3L, 4L, 5L, 6L), 7));
        assertThat(scan(8, Long.MAX_VALUE)).isEqualTo(new Scanned(List.of(8L, 9L), 10));
        assertThat(scan(10, Long.MAX_VALUE)).isEqualTo(new Scanned(List.of(), 10));
    }

    private record Scanned(List<Long> offsets, long end) {
    }

    /** A partition of ten records (offsets 0–9), scanned from {@code from} below {@code until}. */
    private static Scanned scan(long from, long until) {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        consumer.updateEndOffsets(Map.of(PARTITION, 10L));
        consumer.schedulePollTask(() -> {
            for (long offset = consumer.position(PARTITION); offset < 10; offset++) {
                consumer.addRecord(new ConsumerRecord<>(PARTITION.topic(), PARTITION.partition(), offset, "k",
                        new byte[0]));
            }
        });
        List<Long> offsets = new ArrayList<>();
        long end = new PartitionScan(consumer, Duration.ofSeconds(5)).scan(PARTITION, from, until,
                record -> offsets.add(record.offset()));
        return new Scanned(offsets, end);
    }
}
