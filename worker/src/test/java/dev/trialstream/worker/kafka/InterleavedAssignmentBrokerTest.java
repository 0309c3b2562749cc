package dev.trialstream.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trialstream.broker.EmbeddedKafkaExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A worker joining a running group is given every other partition of {@code trials}, not a
 * contiguous half (Kafka's cooperative sticky assignor's choice), so a search's lanes, which queue
 * on consecutive partitions, are not all on one slot's: the workers' real consumers on a real broker.
 */
class InterleavedAssignmentBrokerTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @Test
    void aWorkerJoiningARunningGroup_isGivenEveryOtherPartition() throws Exception {
        PipelineFixture fx = new PipelineFixture(kafka.get(), "ia.", 8);
        WorkerConfig first = fx.workerConfig("ia1", 1);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
             TrialWorker one = new TrialWorker(first, new SlowTrainer(1), Clock.systemUTC()).start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> held(admin, first.groupId()).values().stream()
                    .mapToInt(Set::size).sum() == 8);

            try (TrialWorker two = new TrialWorker(fx.workerConfig("ia2", 1), new SlowTrainer(1), Clock.systemUTC())
                    .start()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    Map<String, Set<Integer>> held = held(admin, first.groupId());
                    return held.size() == 2 && held.values().stream().allMatch(p -> p.size() == 4);
                });

                Map<String, Set<Integer>> held = held(admin, first.groupId());
                ConsumerGroupDescription group = describe(admin, first.groupId());
                assertThat(held).as("slot → partitions").containsOnlyKeys("ia1-slot-0", "ia2-slot-0")
                        .allSatisfy((slot, partitions) -> assertThat(partitions)
                                .noneMatch(p -> partitions.contains((p + 1) % 8)));
                assertThat(group.partitionAssignor()).isEqualTo(InterleavedAssignor.NAME);
            }
        }
    }

    private static ConsumerGroupDescription describe(Admin admin, String groupId) throws Exception {
        return admin.describeConsumerGroups(List.of(groupId)).all().get().get(groupId);
    }

    /** Each member's (by its static id) partitions of trials. */
    private static Map<String, Set<Integer>> held(Admin admin, String groupId) throws Exception {
        Collection<MemberDescription> members = describe(admin, groupId).members();
        Map<String, Set<Integer>> held = new TreeMap<>();
        for (MemberDescription member : members) {
            held.put(member.groupInstanceId().orElse(member.consumerId()), member.assignment().topicPartitions()
                    .stream().filter(tp -> tp.topic().endsWith("trials")).map(TopicPartition::partition)
                    .collect(Collectors.toSet()));
        }
        return held;
    }
}
