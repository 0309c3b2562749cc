package dev.trialstream.producer.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.core.message.WorkerSlots;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LiveWorkersTest {

    private static WorkerSlots slots(String worker, int slots) {
        return new WorkerSlots(worker, slots, 1_000, 0);
    }

    @Test
    void emptySince_withNoAnnouncement_isWhenNothingWasHeardFrom() {
        assertThat(new LiveWorkers(500).emptySince(9_000)).hasValue(500);
    }

    @Test
    void emptySince_aWorkerIsInTheFleetUntilSilentForThreePeriods() {
        LiveWorkers workers = new LiveWorkers(0);

        workers.announced(slots("w1", 2), 10_000);

        assertThat(workers.emptySince(13_000)).as("3 periods of 1 s: still in").isEqualTo(OptionalLong.empty());
        assertThat(workers.emptySince(13_001)).as("gone when its silence began to count").hasValue(13_000);
    }

    @Test
    void emptySince_aWorkerThatSaysItLeaves_isGoneAtOnce_andTheFleetIsEmptyOnlyWhenTheLastOneIs() {
        LiveWorkers workers = new LiveWorkers(0);
        workers.announced(slots("w1", 2), 10_000);
        workers.announced(slots("w2", 1), 10_500);

        workers.announced(slots("w1", 0), 11_000);
        assertThat(workers.emptySince(11_000)).isEmpty();
        workers.announced(slots("w2", 0), 12_000);

        assertThat(workers.emptySince(12_500)).hasValue(12_000);
        workers.announced(slots("w1", 4), 20_000);
        assertThat(workers.emptySince(20_000)).as("back").isEmpty();
    }

    @Test
    void has_aWorkerUntilItLeavesOrFallsSilent_andNoneNeverHeardOf() {
        LiveWorkers workers = new LiveWorkers(0);
        workers.announced(slots("w1", 2), 10_000);
        workers.announced(slots("w2", 1), 10_000);
        workers.announced(slots("w2", 0), 11_000);

        assertThat(workers.has("w1", 13_000)).isTrue();
        assertThat(workers.has("w2", 11_000)).as("said it leaves").isFalse();
        assertThat(workers.has("w3", 11_000)).as("never heard of").isFalse();
        assertThat(workers.has("w1", 13_001)).as("silent for 3 periods").isFalse();
    }
}
