package dev.trialstream.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.broker.EmbeddedKafkaExtension;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
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

    /** The system clock, except on the announcer's thread, where reading it throws an OutOfMemoryError. */
    private static final class FailingOnAnnouncer extends Clock {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            if (Thread.currentThread().getName().endsWith("-fleet-announcer")) {
                throw new OutOfMemoryError("a test's, in the announcer thread");
            }
            return Instant.now();
        }
    }

    @Test
    void anErrorInTheAnnouncerThread_failsTheWorkersLivenessNamingIt() throws Exception {
        PipelineFixture fx = new PipelineFixture(kafka.get(), "ae.", 1);

        try (TrialWorker worker = new TrialWorker(fx.workerConfig("ae", 1), new SlowTrainer(10),
                new FailingOnAnnouncer()).start()) {
            Optional<String> failure = PipelineFixture.awaitFailure(worker);

            assertThat(failure).hasValue("fleet announcer stopped: java.lang.OutOfMemoryError: a test's, in the announcer thread");
            assertThat(worker.live()).isFalse();
        }
    }
}
