package dev.trialstream.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.core.message.TrialPruned;
import dev.trialstream.worker.trial.AbandonSignal;
import dev.trialstream.worker.trial.Outcome;
import dev.trialstream.worker.trial.PackMember;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class SettlementTest {

    private static final TopicPartition P0 = new TopicPartition("trials", 0);
    private static final TopicPartition P1 = new TopicPartition("trials", 1);

    private final List<InFlight.Taken> taken = new ArrayList<>();
    private final List<Outcome> outcomes = new ArrayList<>();

    private void take(TopicPartition partition, long offset, Outcome outcome) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(partition.topic(), partition.partition(), offset,
                "t" + offset, new byte[0]);
        // The message is never read by the settlement: any trial message will do.
        taken.add(new InFlight.Taken(record, new PackMember(new dev.trialstream.core.message.FinalFitRequested(
                "s", "t" + offset, dev.trialstream.core.params.Hyperparameters.fromMap(Map.of()), 1, 1,
                dev.trialstream.core.message.DatasetRef.withSplit("d",
                        new dev.trialstream.core.message.FileRef("a".repeat(64), 1, 1, "d.csv"), 0.2, 1, "y", List.of()),
                true, 1, 1), "a", new AbandonSignal())));
        outcomes.add(outcome);
    }

    private static Outcome ended(long offset) {
        return new Outcome.Ended(new TrialPruned("s", "t" + offset, 1, 1.0, "r", "w", 0));
    }

    @Test
    void settlement_everyMemberEnded_commitsPastTheLastOfEachPartition() {
        take(P0, 4, ended(4));
        take(P1, 9, ended(9));
        take(P0, 5, ended(5));

        Settlement settlement = Settlement.of(taken, outcomes, Set.of());

        assertThat(settlement.publish()).containsExactly(0, 1, 2);
        assertThat(settlement.offsets()).isEqualTo(Map.of(P0, new OffsetAndMetadata(6), P1, new OffsetAndMetadata(10)));
        assertThat(settlement.rewinds()).isEmpty();
    }

    @Test
    void settlement_aMemberGivenUp_stopsItsPartitionThereAndRewindsToIt() {
        take(P0, 4, ended(4));
        take(P0, 5, new Outcome.Abandoned("worker shutting down"));
        take(P0, 6, ended(6));
        take(P1, 9, ended(9));

        Settlement settlement = Settlement.of(taken, outcomes, Set.of());

        // 6 ended, but committing past it would commit 5, which was not: 6 is trained again.
        assertThat(settlement.publish()).containsExactly(0, 3);
        assertThat(settlement.offsets()).isEqualTo(Map.of(P0, new OffsetAndMetadata(5), P1, new OffsetAndMetadata(10)));
        assertThat(settlement.rewinds()).isEqualTo(Map.of(P0, 5L));
    }

    @Test
    void settlement_aRevokedPartition_isNeitherCommittedNorRewound() {
        take(P0, 4, ended(4));
        take(P1, 9, new Outcome.Abandoned("partition trials-1 revoked"));
        take(P1, 10, ended(10));

        Settlement settlement = Settlement.of(taken, outcomes, Set.of(P1));

        assertThat(settlement.publish()).containsExactly(0);
        assertThat(settlement.offsets()).isEqualTo(Map.of(P0, new OffsetAndMetadata(5)));
        assertThat(settlement.rewinds()).isEmpty();
    }

    @Test
    void settlement_theFirstMemberGivenUp_commitsNothingForItsPartition() {
        take(P0, 4, new Outcome.Abandoned("revoked"));
        take(P0, 5, ended(5));

        Settlement settlement = Settlement.of(taken, outcomes, Set.of());

        assertThat(settlement.commitsNothing()).isTrue();
        assertThat(settlement.publish()).isEmpty();
        assertThat(settlement.rewinds()).isEqualTo(Map.of(P0, 4L));
    }
}
