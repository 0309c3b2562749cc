package dev.trialstream.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.broker.EmbeddedKafkaExtension;
import dev.trialstream.core.message.DatasetRef;
import dev.trialstream.core.message.DeadLetter;
import dev.trialstream.core.message.EventMessage;
import dev.trialstream.core.message.FinalFitCompleted;
import dev.trialstream.core.message.FinalFitFailed;
import dev.trialstream.core.message.FinalFitRequested;
import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.TrialCompleted;
import dev.trialstream.core.message.TrialEnded;
import dev.trialstream.core.message.TrialFailed;
import dev.trialstream.core.message.TrialRequested;
import dev.trialstream.core.message.TrialStarted;
import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.training.CvJob;
import dev.trialstream.core.training.CvResult;
import dev.trialstream.core.training.EpochListener;
import dev.trialstream.core.training.FinalFitJob;
import dev.trialstream.core.training.FittedModel;
import dev.trialstream.core.training.Trainer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A trial that kills its worker's process (a native crash, the container's memory limit): the
 * process goes with its in-memory count of failed attempts, the trial's offset was never committed,
 * and each worker that replaced it took the trial again and died again, so its search never ended.
 * Here a worker is halted (as if killed: nothing more published or committed) while it trains that
 * trial, three times, each time restarted under the same id as a pod would be. The fourth does not
 * train it: it ends as failed, saying why, is dead-lettered, and the search's other trial trains.
 */
class ProcessDeathBrokerTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @Test
    void aTrialDuringWhichItsWorkerDiesThreeTimes_isGivenUpAsFailedByTheNext_andTheOtherTrialTrains() throws Exception {
        PipelineFixture fx = new PipelineFixture(kafka.get(), "pd.", 1);
        DatasetRef data = fx.uploadSyntheticData(60, 11);
        List<TrialRequested> trials = fx.trials("s-pd", 2, 2, data);
        fx.publish(trials, 1);
        WorkerConfig config = fx.workerConfig("pd", 1);

        for (int death = 1; death <= 3; death++) {
            Deadly deadly = new Deadly(trials.get(0).seed());
            TrialWorker worker = new TrialWorker(config, deadly, Clock.systemUTC()).start();
            assertThat(deadly.reached.await(60, TimeUnit.SECONDS)).as("death " + death + " reached the trial").isTrue();
            worker.halt();
        }
        // It would die with this one too if it trained the trial again.
        try (TrialWorker next = new TrialWorker(config, new Deadly(trials.get(0).seed()), Clock.systemUTC()).start()) {
            List<EventMessage> events = fx.eventsUntilTerminal(2);
            List<Message> letters = fx.readUntil(fx.topics.deadLetters(), list -> !list.isEmpty());

            assertThat(PipelineFixture.terminalCountByTrial(events))
                    .containsOnly(Map.entry("s-pd-t0", 1L), Map.entry("s-pd-t1", 1L));
            assertThat(events).filteredOn(e -> e instanceof TrialFailed).singleElement()
                    .isInstanceOfSatisfying(TrialFailed.class, failed -> {
                        assertThat(failed.trialId()).isEqualTo("s-pd-t0");
                        assertThat(failed.reason()).isEqualTo("started 3 times and its worker stopped each time "
                                + "before it ended (a worker process died during it: a native crash or the "
                                + "container's memory limit?), so given up: sent to pd.dead-letters");
                    });
            assertThat(events).filteredOn(e -> e instanceof TrialCompleted).extracting(EventMessage::trialId)
                    .containsExactly("s-pd-t1");
            assertThat(events).filteredOn(e -> e instanceof TrialStarted && e.trialId().equals("s-pd-t0"))
                    .as("started by the three that died, not by the fourth").hasSize(3);
            assertThat(letters).singleElement().isInstanceOfSatisfying(DeadLetter.class,
                    letter -> assertThat(letter.key()).isEqualTo("s-pd-t0"));
            assertThat(fx.committedTrialOffsets(config.groupId())).isEqualTo(2);
            assertThat(next.live()).isTrue();
        }
    }

    /**
     * The trial that kills the process dies first in a pack of several: the pack's other trials
     * were started without ending too, but a trial started before is taken alone, so only the
     * culprit reaches three starts; the others end completed.
     */
    @Test
    void aTrialThatKillsItsWorkerInAPack_isGivenUpAlone_andThePacksOtherTrialsComplete() throws Exception {
        PipelineFixture fx = new PipelineFixture(kafka.get(), "pp.", 1);
        DatasetRef data = fx.uploadSyntheticData(60, 13);
        List<TrialRequested> trials = fx.trials("s-pp", 5, 2, data);
        fx.publish(trials, 1);
        WorkerConfig config = fx.workerConfig("pp", 1).withPack(new PackBudget(8, Duration.ofSeconds(120)));
        long culprit = trials.get(2).seed();

        List<Integer> packs = new ArrayList<>();
        for (int death = 1; death <= 3; death++) {
            Deadly deadly = new Deadly(culprit);
            TrialWorker worker = new TrialWorker(config, deadly, Clock.systemUTC()).start();
            assertThat(deadly.reached.await(60, TimeUnit.SECONDS)).as("death " + death + " reached the trial").isTrue();
            worker.halt();
            packs.add(deadly.packSize);
        }
        assertThat(packs).as("the first death in a pack of t1 to t4 (the slot's first take, t0, goes alone), then alone")
                .containsExactly(4, 1, 1);
        try (TrialWorker next = new TrialWorker(config, new Deadly(culprit), Clock.systemUTC()).start()) {
            List<EventMessage> events = fx.eventsUntilTerminal(5);

            assertThat(PipelineFixture.terminalCountByTrial(events)).hasSize(5)
                    .allSatisfy((trial, count) -> assertThat(count).isEqualTo(1));
            assertThat(events).filteredOn(e -> e instanceof TrialFailed).extracting(EventMessage::trialId)
                    .containsExactly("s-pp-t2");
            assertThat(events).filteredOn(e -> e instanceof TrialCompleted).extracting(EventMessage::trialId)
                    .containsExactlyInAnyOrder("s-pp-t0", "s-pp-t1", "s-pp-t3", "s-pp-t4");
            assertThat(fx.committedTrialOffsets(config.groupId())).isEqualTo(5);
        }
    }

    /** A graceful stop (SIGTERM) hands its trial back; that is no death, however often it happens. */
    @Test
    void aTrialHandedBackByThreeGracefulStops_isTrainedByTheNext() throws Exception {
        PipelineFixture fx = new PipelineFixture(kafka.get(), "pg.", 1);
        DatasetRef data = fx.uploadSyntheticData(60, 12);
        fx.publish(fx.trials("s-pg", 1, 30, data), 1);
        WorkerConfig config = fx.workerConfig("pg", 1);

        for (int stop = 1; stop <= 3; stop++) {
            SlowTrainer slow = new SlowTrainer(100);
            TrialWorker worker = new TrialWorker(config, slow, Clock.systemUTC()).start();
            assertThat(slow.awaitFirstEpoch(60)).as("stop " + stop + " reached the trial").isTrue();
            worker.close();
        }
        try (TrialWorker next = new TrialWorker(config, new SlowTrainer(5), Clock.systemUTC()).start()) {
            List<EventMessage> events = fx.eventsUntilTerminal(1);

            assertThat(events).filteredOn(TrialEnded.class::isInstance).singleElement()
                    .isInstanceOfSatisfying(TrialCompleted.class, done -> assertThat(done.epochs()).isEqualTo(30));
            assertThat(events).filteredOn(e -> e instanceof TrialStarted).hasSize(4);
        }
    }

    /**
     * A final fit is a record of the trials topic like a trial, counted the same way: one that kills
     * its worker's process three times is given up by the fourth worker, as failed (the aggregator
     * then ends its search without a model rather than asking again), not fitted a fourth time.
     */
    @Test
    void aFinalFitDuringWhichItsWorkerDiesThreeTimes_isGivenUpAsFailedByTheNext() throws Exception {
        PipelineFixture fx = new PipelineFixture(kafka.get(), "pf.", 1);
        DatasetRef data = fx.uploadSyntheticData(60, 17);
        Hyperparameters params = Hyperparameters.fromMap(Map.of("neurons", 8, "learningRate", 0.01));
        fx.publish(List.of(new FinalFitRequested("s-pf", "s-pf-t3", params, 7, 20, data, true, 1, 1)), 1);
        WorkerConfig config = fx.workerConfig("pf", 1);

        for (int death = 1; death <= 3; death++) {
            Deadly deadly = new Deadly(7);
            TrialWorker worker = new TrialWorker(config, deadly, Clock.systemUTC()).start();
            assertThat(deadly.reached.await(60, TimeUnit.SECONDS)).as("death " + death + " reached the final fit")
                    .isTrue();
            worker.halt();
        }
        Deadly fourth = new Deadly(7);
        try (TrialWorker next = new TrialWorker(config, fourth, Clock.systemUTC()).start()) {
            List<Message> events = fx.readUntil(fx.topics.events(), list -> list.stream()
                    .anyMatch(FinalFitFailed.class::isInstance), Duration.ofMillis(500));
            List<Message> letters = fx.readUntil(fx.topics.deadLetters(), list -> !list.isEmpty());

            assertThat(events).filteredOn(e -> e instanceof FinalFitFailed || e instanceof FinalFitCompleted)
                    .singleElement().isInstanceOfSatisfying(FinalFitFailed.class, failed -> {
                        assertThat(failed.trialId()).isEqualTo("s-pf-t3");
                        assertThat(failed.reason()).isEqualTo("started 3 times and its worker stopped each time "
                                + "before it ended (a worker process died during it: a native crash or the "
                                + "container's memory limit?), so given up: sent to pf.dead-letters");
                    });
            assertThat(fourth.reached.getCount()).as("the fourth did not fit it").isEqualTo(1);
            assertThat(letters).singleElement().isInstanceOfSatisfying(DeadLetter.class,
                    letter -> assertThat(letter.key()).isEqualTo("s-pf-t3"));
            assertThat(fx.committedTrialOffsets(config.groupId())).isEqualTo(1);
            assertThat(next.live()).isTrue();
        }
    }

    /**
     * Trains as {@link SlowTrainer}, but a pack holding the trial of {@code seed}, or a final fit
     * of that seed, never returns until the process dies.
     */
    private static final class Deadly implements Trainer {

        private final long seed;
        private final SlowTrainer slow = new SlowTrainer(1);
        final CountDownLatch reached = new CountDownLatch(1);
        /** How many trials the pack held when it reached the trial. */
        volatile int packSize;

        Deadly(long seed) {
            this.seed = seed;
        }

        @Override
        public CvResult crossValidate(CvJob job, EpochListener listener) {
            return crossValidatePack(List.of(job), List.of(listener)).get(0);
        }

        @Override
        public List<CvResult> crossValidatePack(List<CvJob> jobs, List<EpochListener> listeners) {
            if (jobs.stream().anyMatch(job -> job.seed() == seed)) {
                packSize = jobs.size();
                reached.countDown();
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("the process died"); // a halted worker publishes nothing
                }
            }
            return slow.crossValidatePack(jobs, listeners);
        }

        @Override
        public FittedModel finalFit(FinalFitJob job) {
            if (job.seed() == seed) {
                reached.countDown();
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            throw new IllegalStateException("the process died"); // a halted worker publishes nothing
        }

        @Override
        public FittedModel loadModel(java.io.InputStream in) {
            throw new UnsupportedOperationException("not used");
        }

        @Override
        public String backend() {
            return slow.backend();
        }
    }
}
