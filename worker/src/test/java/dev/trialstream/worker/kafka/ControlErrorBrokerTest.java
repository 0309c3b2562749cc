package dev.trialstream.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.broker.EmbeddedKafkaExtension;
import dev.trialstream.core.message.CancelSearch;
import dev.trialstream.core.message.DatasetRef;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An Error in the control listener's thread ends it for good (stop requests, rung cut-offs and
 * cancels no longer reach the worker's trials), so it must fail the worker's liveness, saying why,
 * for the process to be restarted.
 */
class ControlErrorBrokerTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    /** A registry that throws an OutOfMemoryError when the control listener removes a meter (a search's, once it is over). */
    private static final class FailingRemoveOnControl extends SimpleMeterRegistry {
        @Override
        public Meter remove(Meter meter) {
            if (Thread.currentThread().getName().endsWith("-control")) {
                throw new OutOfMemoryError("a test's, in the control listener thread");
            }
            return super.remove(meter);
        }
    }

    @Test
    void anErrorInTheControlListenerThread_failsTheWorkersLivenessNamingIt() throws Exception {
        PipelineFixture fx = new PipelineFixture(kafka.get(), "ce.", 1);
        DatasetRef data = fx.uploadSyntheticData(90, 1);
        fx.publish(fx.trials("s-ce", 1, 2, data), 1);
        FailingRemoveOnControl registry = new FailingRemoveOnControl();

        try (TrialWorker worker = new TrialWorker(fx.workerConfig("ce", 1), new SlowTrainer(10), Clock.systemUTC(),
                registry).start()) {
            // The search has meters once its trial has ended, and no take holds them once the slot is idle
            // again: cancelling it then removes them on the control thread (while held, on the slot's).
            for (long deadline = System.nanoTime() + PipelineFixture.WAIT.toNanos();
                 System.nanoTime() < deadline && (registry.find("trialstream.worker.trials").tag("search", "s-ce")
                         .counter() == null || worker.busySlots() > 0); Thread.sleep(100)) {
                // waiting
            }
            assertThat(worker.failure()).isEmpty();
            fx.publishControl(new CancelSearch("s-ce", "cancelled by the test", 0));

            Optional<String> failure = PipelineFixture.awaitFailure(worker);

            assertThat(failure).hasValue(
                    "control listener stopped: java.lang.OutOfMemoryError: a test's, in the control listener thread");
            assertThat(worker.live()).isFalse();
        }
    }
}
