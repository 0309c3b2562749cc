package dev.trialstream.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trialstream.broker.EmbeddedKafkaExtension;
import dev.trialstream.core.message.DatasetRef;
import dev.trialstream.core.message.EventMessage;
import dev.trialstream.core.message.TrialCompleted;
import dev.trialstream.core.message.TrialEnded;
import dev.trialstream.core.message.TrialStarted;
import dev.trialstream.kafka.ClientConfigs;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A rebalance that takes a partition away from a slot mid-trial (a worker joining the group) is no
 * death of the slot's process: the trial's start comes off its count ({@link Attempts}) in the
 * revocation. Before, it stayed counted, and a healthy trial revoked three times (workers scaled up
 * and down, rolling restarts of the others) was given up as if it had killed its worker three times.
 */
class RevokedTrialBrokerTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @Test
    void aTrialWhosePartitionIsRevokedMidTrainingThreeTimes_isTrainedToTheEnd_notGivenUp() throws Exception {
        PipelineFixture fx = new PipelineFixture(kafka.get(), "rv.", 2);
        DatasetRef data = fx.uploadSyntheticData(60, 14);
        fx.publish(fx.trials("s-rv", 1, 200, data), 2); // on partition 0
        TopicPartition trialPartition = new TopicPartition(fx.topics.trials(), 0);
        WorkerConfig config = fx.workerConfig("rv", 1);
        AtomicLong epochMillis = new AtomicLong(100); // 20 s a training: ample time to revoke it mid-way
        SlowTrainer trainer = new SlowTrainer(epochMillis::get);

        try (TrialWorker worker = new TrialWorker(config, trainer, Clock.systemUTC()).start()) {
            for (int revoke = 1; revoke <= 3; revoke++) {
                int take = revoke;
                await().atMost(Duration.ofSeconds(60)).until(() -> trainer.trainings.get() == take);
                // The slot holds both partitions and trains the trial: a member joining takes partition 0 from it
                // (InterleavedAssignor gives up the first of a tied run), and gives it back when it leaves.
                try (Intruder intruder = new Intruder(fx, config.groupId())) {
                    await().atMost(Duration.ofSeconds(60)).until(() -> intruder.holds(trialPartition));
                    assertThat(trainer.trainings.get()).as("revoke " + revoke + ": not taken again meanwhile")
                            .isEqualTo(take);
                }
            }
            epochMillis.set(1);
            List<EventMessage> events = fx.eventsUntilTerminal(1);

            assertThat(events).filteredOn(TrialEnded.class::isInstance).singleElement()
                    .isInstanceOfSatisfying(TrialCompleted.class, done -> assertThat(done.epochs()).isEqualTo(200));
            assertThat(events).filteredOn(e -> e instanceof TrialStarted)
                    .as("a start per take: three revoked mid-way, the fourth trained to the end").hasSize(4);
            assertThat(trainer.trainings.get()).isEqualTo(4);
        }
    }

    /** A plain member of the workers' group that polls (committing nothing) until closed, then leaves. */
    private static final class Intruder implements AutoCloseable {

        private final KafkaConsumer<String, byte[]> consumer;
        private final Set<TopicPartition> held = ConcurrentHashMap.newKeySet();
        private final Thread thread;
        private volatile boolean running = true;

        Intruder(PipelineFixture fx, String groupId) {
            Map<String, Object> config = ClientConfigs.consumer(fx.kafka.bootstrapServers(), "intruder", groupId);
            config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                    List.of(InterleavedAssignor.class, CooperativeStickyAssignor.class));
            config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) TrialWorker.SESSION_TIMEOUT.toMillis());
            config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) TrialWorker.HEARTBEAT_INTERVAL.toMillis());
            consumer = new KafkaConsumer<>(config);
            consumer.subscribe(List.of(fx.topics.trials()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    held.removeAll(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    held.addAll(partitions);
                }
            });
            thread = new Thread(this::poll, "intruder");
            thread.start();
        }

        boolean holds(TopicPartition partition) {
            return held.contains(partition);
        }

        private void poll() {
            try {
                while (running) {
                    consumer.poll(Duration.ofMillis(50));
                }
            } catch (WakeupException e) {
                // closing
            } finally {
                consumer.close();
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            consumer.wakeup();
            thread.join(30_000);
        }
    }
}
