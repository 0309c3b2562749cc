package dev.trialstream.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.trialstream.broker.EmbeddedKafkaExtension;
import dev.trialstream.core.message.DatasetRef;
import dev.trialstream.core.message.EventMessage;
import dev.trialstream.worker.dl4j.Dl4jTrainer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A commit the broker lost: a one-node broker killed inside a transaction's commit can drop its
 * markers when it restarts, and the transaction then reads as aborted although its producer was
 * told it committed (README, Faults). Made here on a real broker by a producer that aborts the
 * first transaction carrying a terminal event and tells the slot it committed. The slot must find
 * the group's offset below its own and train those trials again: each then ends exactly once.
 * Without that, the slot goes on past them and they never end.
 */
class LostCommitBrokerTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    /** Aborts the first transaction that sends to {@code events}, and says it committed. */
    private static final class LosesFirstCommit {
        private final String events;
        private final AtomicBoolean lost = new AtomicBoolean();

        LosesFirstCommit(String events) {
            this.events = events;
        }

        Producer<String, byte[]> wrap(Producer<String, byte[]> real) {
            AtomicBoolean sentToEvents = new AtomicBoolean();
            return Intercepted.by(Producer.class, real, (method, args) -> {
                switch (method) {
                    case "beginTransaction" -> sentToEvents.set(false);
                    case "send" -> sentToEvents.compareAndSet(false,
                            ((ProducerRecord<?, ?>) args[0]).topic().equals(events));
                    case "commitTransaction" -> {
                        if (sentToEvents.get() && lost.compareAndSet(false, true)) {
                            real.abortTransaction();
                            return true;
                        }
                    }
                    default -> { }
                }
                return false;
            });
        }
    }

    @Test
    void aCommitTheBrokerLost_isFoundAndItsTrialsEndExactlyOnce() throws Exception {
        PipelineFixture fx = new PipelineFixture(kafka.get(), "lc.", 1);
        DatasetRef data = fx.uploadSyntheticData(90, 1);
        fx.publish(fx.trials("s-lc", 3, 2, data), 1);
        LosesFirstCommit broker = new LosesFirstCommit(fx.topics.events());
        WorkerConfig config = fx.workerConfig("lc", 1);

        try (TrialWorker worker = new TrialWorker(config, new Dl4jTrainer(), Clock.systemUTC(),
                new SimpleMeterRegistry(), broker::wrap).start()) {
            List<EventMessage> events = fx.eventsUntilTerminal(3);

            assertThat(broker.lost).as("a commit was lost").isTrue();
            assertThat(PipelineFixture.terminalCountByTrial(events))
                    .containsOnly(entry("s-lc-t0", 1L), entry("s-lc-t1", 1L), entry("s-lc-t2", 1L));
            assertThat(fx.committedTrialOffsets(config.groupId())).isEqualTo(3);
        }
    }
}
