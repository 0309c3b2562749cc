package dev.trialstream.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.broker.EmbeddedKafkaExtension;
import dev.trialstream.core.message.DatasetRef;
import dev.trialstream.worker.dl4j.Dl4jTrainer;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An Error in a slot's own thread (not its training thread, whose crashes give the take up) stops
 * the slot for good, so it must fail the worker's liveness, saying why, for the process to be
 * restarted; a slot that died silently would leave a worker live with a slot fewer for ever.
 */
class SlotErrorBrokerTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    /** A registry whose take-size summary throws an OutOfMemoryError when the slot records a take. */
    private static final class FailingTakeMeter extends SimpleMeterRegistry {
        @Override
        protected DistributionSummary newDistributionSummary(Meter.Id id, DistributionStatisticConfig config,
                                                             double scale) {
            DistributionSummary real = super.newDistributionSummary(id, config, scale);
            if (!id.getName().equals("trialstream.worker.take.trials")) {
                return real;
            }
            return Intercepted.by(DistributionSummary.class, real, (method, args) -> {
                if (method.equals("record")) {
                    throw new OutOfMemoryError("a test's, in the slot thread");
                }
                return false;
            });
        }
    }

    @Test
    void anErrorInTheSlotThread_failsTheWorkersLivenessNamingIt() throws Exception {
        PipelineFixture fx = new PipelineFixture(kafka.get(), "se.", 1);
        DatasetRef data = fx.uploadSyntheticData(90, 1);
        fx.publish(fx.trials("s-se", 1, 2, data), 1);

        try (TrialWorker worker = new TrialWorker(fx.workerConfig("se", 1), new Dl4jTrainer(), Clock.systemUTC(),
                new FailingTakeMeter()).start()) {
            Optional<String> failure = PipelineFixture.awaitFailure(worker);

            assertThat(failure).hasValue("slot stopped: java.lang.OutOfMemoryError: a test's, in the slot thread");
            assertThat(worker.live()).isFalse();
        }
    }
}
