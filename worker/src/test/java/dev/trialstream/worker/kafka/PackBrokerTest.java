package dev.trialstream.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.broker.EmbeddedKafkaExtension;
import dev.trialstream.core.message.DatasetRef;
import dev.trialstream.core.message.EpochReported;
import dev.trialstream.core.message.EventMessage;
import dev.trialstream.core.message.RungCutoffs;
import dev.trialstream.core.message.StopTrial;
import dev.trialstream.core.message.TrialCompleted;
import dev.trialstream.core.message.TrialEnded;
import dev.trialstream.core.message.TrialPruned;
import dev.trialstream.core.message.TrialRequested;
import dev.trialstream.core.message.TrialStarted;
import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.pruning.RungCutoff;
import dev.trialstream.core.training.CvPlan;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A slot takes several trials at once, trains them as packs and commits each take in one transaction. */
class PackBrokerTest {

    /** Generous: the take is sized by the trials' cost, never cut by time in these tests. */
    private static final PackBudget BUDGET = new PackBudget(8, Duration.ofSeconds(120));

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    /**
     * A quick one-epoch trial first (the slot's first take is one trial, until it knows what a trial
     * costs), then {@code slow} trials of {@code epochs} epochs: the slot takes those together.
     */
    private static List<TrialRequested> quickThenSlow(PipelineFixture fx, String searchId, int slow, int epochs,
                                                      DatasetRef data) {
        List<TrialRequested> trials = new ArrayList<>(fx.trials(searchId, slow + 1, epochs, data));
        TrialRequested first = trials.get(0);
        trials.set(0, new TrialRequested(first.searchId(), first.trialId(), first.index(), first.params(), first.seed(),
                new CvPlan(3, 0, 1, 0, true), data, 1));
        return trials;
    }

    @Test
    void shouldCommitEveryTrialOfEveryPackExactlyOnce() throws Exception {
        PipelineFixture fx = new PipelineFixture(kafka.get(), "p1.", 2);
        DatasetRef data = fx.uploadSyntheticData(60, 11);
        fx.publish(fx.trials("s-p1", 40, 2, data), 2);
        SlowTrainer trainer = new SlowTrainer(1);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        try (TrialWorker worker = new TrialWorker(fx.workerConfig("p1", 2).withPack(BUDGET), trainer,
                Clock.systemUTC(), registry).start()) {
            List<EventMessage> events = fx.eventsUntilTerminal(40);

            assertThat(PipelineFixture.terminalCountByTrial(events)).hasSize(40).allSatisfy((trial, count) -> assertThat(count).isEqualTo(1));
            assertThat(PipelineFixture.epochsReported(events)).hasSize(40 * 2);
            assertThat(fx.committedTrialOffsets(fx.workerConfig("p1", 2).groupId())).isEqualTo(40);
            // Trials went in packs, and committed in takes of several: fewer transactions than trials.
            assertThat(trainer.packSizes).anySatisfy(size -> assertThat(size).isGreaterThan(1));
            var takes = registry.get("trialstream.worker.take.trials").summary();
            assertThat(takes.totalAmount()).isEqualTo(40);
            assertThat(takes.count()).isLessThan(40);
            assertThat(takes.max()).isGreaterThan(1);
        }
    }

    @Test
    void shouldStopAPrunedMemberWhileTheRestOfItsPackFinishes() throws Exception {
        PipelineFixture fx = new PipelineFixture(kafka.get(), "p2.", 1);
        DatasetRef data = fx.uploadSyntheticData(60, 12);
        fx.publish(quickThenSlow(fx, "s-p2", 3, 30, data), 1);
        SlowTrainer trainer = new SlowTrainer(100);

        try (TrialWorker worker = new TrialWorker(fx.workerConfig("p2", 1).withPack(BUDGET), trainer,
                Clock.systemUTC()).start()) {
            assertThat(trainer.awaitFirstPackEpoch(60)).isTrue();
            fx.publishControl(new StopTrial("s-p2", "s-p2-t2", "pruned by the test", 0));
            List<EventMessage> events = fx.eventsUntilTerminal(4);

            assertThat(trainer.packSizes).containsExactly(1, 3);
            assertThat(PipelineFixture.terminalCountByTrial(events)).hasSize(4).allSatisfy((trial, count) -> assertThat(count).isEqualTo(1));
            TrialPruned pruned = (TrialPruned) terminal(events, "s-p2-t2");
            assertThat(pruned.reason()).isEqualTo("pruned by the test");
            assertThat(pruned.epoch()).isLessThan(30);
            for (String other : List.of("s-p2-t1", "s-p2-t3")) {
                TrialCompleted completed = (TrialCompleted) terminal(events, other);
                assertThat(completed.epochs()).isEqualTo(30);
                assertThat(PipelineFixture.epochsReported(events, other)).hasSize(30);
            }
            assertThat(PipelineFixture.epochsReported(events, "s-p2-t2")).hasSize(pruned.epoch());
            assertThat(fx.committedTrialOffsets(fx.workerConfig("p2", 1).groupId())).isEqualTo(4);
        }
    }

    @Test
    void shouldStopATrialAtTheRungWhoseCutoffItFallsShortOf() throws Exception {
        PipelineFixture fx = new PipelineFixture(kafka.get(), "p5.", 1);
        DatasetRef data = fx.uploadSyntheticData(60, 15);
        // Every SlowTrainer curve is 10 / epoch: 3.33 at rung 3 (within its cutoff 5), 2.0 at rung 5
        // (short of its cutoff 1.5). No StopTrial is ever sent: the worker applies the cutoffs itself.
        fx.publishControl(new RungCutoffs("s-p5", 3, List.of(new RungCutoff(3, 5.0, 4), new RungCutoff(5, 1.5, 4)), 0));
        fx.publish(fx.trials("s-warm", 1, 1, data), 1);
        SlowTrainer trainer = new SlowTrainer(20);

        try (TrialWorker worker = new TrialWorker(fx.workerConfig("p5", 1).withPack(BUDGET), trainer,
                Clock.systemUTC()).start()) {
            // The control listener has read the topic from its start by the time a trial is done.
            fx.eventsUntilTerminal(1);
            List<TrialRequested> trials = new ArrayList<>(fx.trials("s-p5", 2, 30, data));
            trials.addAll(fx.trials("s-other", 1, 30, data));
            fx.publish(trials, 1);
            List<EventMessage> events = fx.eventsUntilTerminal(4);

            for (String member : List.of("s-p5-t0", "s-p5-t1")) {
                TrialPruned pruned = (TrialPruned) terminal(events, member);
                assertThat(pruned.epoch()).isEqualTo(5);
                assertThat(pruned.reason()).isEqualTo("asha rung 5: 2.000 not in the best 1/3 of the 4 trials before it"
                        + " (cutoff 1.500, applied by the worker)");
                assertThat(PipelineFixture.epochsReported(events, member)).hasSize(5);
            }
            // Another search's trial is held to no one's cutoffs.
            assertThat(((TrialCompleted) terminal(events, "s-other-t0")).epochs()).isEqualTo(30);
        }
    }

    @Test
    void shouldLoseOnlyThePacksAttemptWhenItsWorkerDiesMidPack() throws Exception {
        PipelineFixture fx = new PipelineFixture(kafka.get(), "p3.", 1);
        DatasetRef data = fx.uploadSyntheticData(60, 13);
        fx.publish(quickThenSlow(fx, "s-p3", 4, 40, data), 1);
        SlowTrainer slow = new SlowTrainer(100);

        TrialWorker doomed = new TrialWorker(fx.workerConfig("doomed", 1).withPack(BUDGET), slow,
                Clock.systemUTC()).start();
        assertThat(slow.awaitFirstPackEpoch(60)).isTrue();
        doomed.halt();
        try (TrialWorker survivor = new TrialWorker(fx.workerConfig("survivor", 1).withPack(BUDGET),
                new SlowTrainer(5), Clock.systemUTC()).start()) {
            List<EventMessage> events = fx.eventsUntilTerminal(5);

            assertThat(PipelineFixture.terminalCountByTrial(events)).hasSize(5).allSatisfy((trial, count) -> assertThat(count).isEqualTo(1));
            // The take before the pack had committed: it stays done, by the worker that did it.
            assertThat(((TrialCompleted) terminal(events, "s-p3-t0")).workerId()).isEqualTo("doomed");
            for (String member : List.of("s-p3-t1", "s-p3-t2", "s-p3-t3", "s-p3-t4")) {
                TrialCompleted done = (TrialCompleted) terminal(events, member);
                assertThat(done.workerId()).isEqualTo("survivor");
                assertThat(done.epochs()).isEqualTo(40);
                assertThat(events.stream().filter(e -> e instanceof TrialStarted && e.trialId().equals(member))
                        .map(e -> ((TrialStarted) e).attempt()).distinct()).hasSize(2);
            }
            assertThat(fx.committedTrialOffsets(fx.workerConfig("survivor", 1).groupId())).isEqualTo(5);
        }
    }

    @Test
    void shouldCommitWhatATakeEndedBeforeAGracefulStop_andHandBackOnlyTheTrialStoppedMidway() throws Exception {
        PipelineFixture fx = new PipelineFixture(kafka.get(), "p4.", 1);
        DatasetRef data = fx.uploadSyntheticData(60, 13);
        List<TrialRequested> trials = new ArrayList<>(quickThenSlow(fx, "s-p4", 2, 3, data));
        // The take's second trial is wider, so a pack of its own, trained once the first has ended; and long.
        TrialRequested wide = trials.get(2);
        trials.set(2, new TrialRequested(wide.searchId(), wide.trialId(), wide.index(),
                Hyperparameters.fromMap(Map.of("neurons", 16, "learningRate", 0.03)), wide.seed(),
                new CvPlan(3, 0, 400, 0, true), data, 1));
        fx.publish(trials, 1);

        TrialWorker stopping = new TrialWorker(fx.workerConfig("stopping", 1).withPack(BUDGET), new SlowTrainer(50),
                Clock.systemUTC()).start();
        fx.readUntil(fx.topics.events(), list -> list.stream()
                .anyMatch(e -> e instanceof EpochReported r && r.trialId().equals("s-p4-t2")));
        stopping.close(); // SIGTERM: s-p4-t1 has completed in this take, s-p4-t2 is mid-way
        try (TrialWorker survivor = new TrialWorker(fx.workerConfig("survivor", 1).withPack(BUDGET),
                new SlowTrainer(1), Clock.systemUTC()).start()) {
            List<EventMessage> events = fx.eventsUntilTerminal(3);

            assertThat(PipelineFixture.terminalCountByTrial(events)).hasSize(3).allSatisfy((trial, count) -> assertThat(count).isEqualTo(1));
            // What ended before the stop stays done, by the worker that did it: not trained again.
            assertThat(((TrialCompleted) terminal(events, "s-p4-t1")).workerId()).isEqualTo("stopping");
            assertThat(events.stream().filter(e -> e instanceof TrialStarted && e.trialId().equals("s-p4-t1"))
                    .map(e -> ((TrialStarted) e).attempt()).distinct()).hasSize(1);
            TrialCompleted redone = (TrialCompleted) terminal(events, "s-p4-t2");
            assertThat(redone.workerId()).isEqualTo("survivor");
            assertThat(redone.epochs()).isEqualTo(400);
            assertThat(fx.committedTrialOffsets(fx.workerConfig("survivor", 1).groupId())).isEqualTo(3);
        }
    }

    @Test
    void shouldTakeAnotherSearchsFirstTrialAlone_notSizedByTheCheapTrialsBeforeIt() throws Exception {
        PipelineFixture fx = new PipelineFixture(kafka.get(), "p7.", 1);
        DatasetRef data = fx.uploadSyntheticData(60, 17);
        List<TrialRequested> trials = new ArrayList<>(fx.trials("s-p7cheap", 1, 1, data));
        trials.addAll(fx.trials("s-p7dear", 3, 20, data)); // each 1 s at 50 ms an epoch
        fx.publish(trials, 1);
        SlowTrainer trainer = new SlowTrainer(50);

        try (TrialWorker worker = new TrialWorker(fx.workerConfig("p7", 1).withPack(new PackBudget(8, Duration.ofSeconds(30))),
                trainer, Clock.systemUTC()).start()) {
            List<EventMessage> events = fx.eventsUntilTerminal(4);

            assertThat(PipelineFixture.terminalCountByTrial(events)).hasSize(4).allSatisfy((trial, count) -> assertThat(count).isEqualTo(1));
            // The cheap search's one-epoch trial (its take well under a second, with the dataset's fetch)
            // made the next take hold all three dear trials before, stacked as one pack: sized by another
            // search's cost. Now the dear search's first trial goes alone, then the two others by its own cost.
            assertThat(trainer.packSizes).containsExactly(1, 1, 2);
        }
    }

    private static EventMessage terminal(List<EventMessage> events, String trialId) {
        return events.stream().filter(e -> e instanceof TrialEnded && e.trialId().equals(trialId))
                .findFirst().orElseThrow();
    }
}
