package dev.trialstream.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trialstream.core.training.CvJob;
import dev.trialstream.core.training.CvResult;
import dev.trialstream.core.training.EpochListener;
import dev.trialstream.core.training.FinalFitJob;
import dev.trialstream.core.training.FittedModel;
import dev.trialstream.core.training.Trainer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A pipeline whose start fails with an Error (here the worker's: its trainer's native backend does
 * not load, as when the disk is full) closes the broker and the aggregator it had started: no thread
 * of theirs is left to keep the JVM alive (a real embedded broker).
 */
class LocalPipelineStartTest {

    /** A trainer whose backend cannot load, as ND4J's when its native libraries cannot be unpacked. */
    private static final class UnloadableTrainer implements Trainer {
        @Override
        public CvResult crossValidate(CvJob job, EpochListener listener) {
            throw new AssertionError("never reached");
        }

        @Override
        public FittedModel finalFit(FinalFitJob job) {
            throw new AssertionError("never reached");
        }

        @Override
        public FittedModel loadModel(InputStream in) {
            throw new AssertionError("never reached");
        }

        @Override
        public String backend() {
            throw new UnsatisfiedLinkError("no jnind4jcpu in java.library.path (a test)");
        }
    }

    @Test
    void anErrorInTheWorkersStart_leavesNoBrokerOrAggregatorThreadRunning() throws InterruptedException {
        Set<Thread> before = Thread.getAllStackTraces().keySet();

        assertThatThrownBy(() -> LocalPipeline.start("local", 1, 20, new UnloadableTrainer(), Clock.systemUTC(),
                new SimpleMeterRegistry()))
                .isInstanceOf(UnsatisfiedLinkError.class)
                .hasMessageContaining("jnind4jcpu");

        List<String> left = List.of();
        for (long deadline = System.nanoTime() + 30_000_000_000L; System.nanoTime() < deadline; Thread.sleep(200)) {
            left = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t.isAlive() && !t.isDaemon())
                    .map(Thread::getName).sorted().toList();
            if (left.isEmpty()) {
                break;
            }
        }
        assertThat(left).as("non-daemon threads the failed start left running").isEmpty();
    }
}
