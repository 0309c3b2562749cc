package dev.trialstream.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.broker.EmbeddedKafkaExtension;
import dev.trialstream.core.testing.ErrorOnThreadClock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An Error in the fleet announcer's thread ends the announcements for good (the scheduler then
 * drops the worker's slots from the fleet after its silence while it goes on training), so it must
 * fail the worker's liveness, saying why, for the process to be restarted.
 */
class AnnouncerErrorBrokerTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @Test
    void anErrorInTheAnnouncerThread_failsTheWorkersLivenessNamingIt() throws Exception {
        PipelineFixture fx = new PipelineFixture(kafka.get(), "ae.", 1);

        try (TrialWorker worker = new TrialWorker(fx.workerConfig("ae", 1), new SlowTrainer(10),
                new ErrorOnThreadClock("-fleet-announcer", "a test's, in the announcer thread").arm()).start()) {
            Optional<String> failure = PipelineFixture.awaitFailure(worker);

            assertThat(failure).hasValue("fleet announcer stopped: java.lang.OutOfMemoryError: a test's, in the announcer thread");
            assertThat(worker.live()).isFalse();
        }
    }
}
