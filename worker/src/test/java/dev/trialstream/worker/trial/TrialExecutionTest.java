package dev.trialstream.worker.trial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.core.message.EventMessage;
import dev.trialstream.core.message.FileRef;
import dev.trialstream.core.message.MessageSamples;
import dev.trialstream.core.message.TrialRequested;
import dev.trialstream.core.message.TrialStarted;
import dev.trialstream.core.training.CvJob;
import dev.trialstream.core.training.CvPlan;
import dev.trialstream.core.training.CvOnlyTrainer;
import dev.trialstream.core.training.CvResult;
import dev.trialstream.core.training.EpochListener;
import dev.trialstream.core.training.Trainer;
import dev.trialstream.worker.metrics.WorkerMetrics;
import dev.trialstream.worker.training.CrossValidator;
import dev.trialstream.worker.training.FinalFitter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TrialExecutionTest {

    private final Map<FileRef, byte[]> files = Map.of(MessageSamples.TRAIN, MessageSamples.TRAIN_CSV,
            MessageSamples.TEST, MessageSamples.TEST_CSV);
    /** On the samples' 3 training rows, so 3 folds. */
    private static final TrialRequested TRIAL = new TrialRequested("s-1", "s-1-t0007", 7, MessageSamples.PARAMS, 1,
            new CvPlan(3, 99, 2, 10, true), MessageSamples.DATASET, MessageSamples.AT);
    private final AbandonSignal abandon = new AbandonSignal();
    private final AtomicInteger trained = new AtomicInteger();
    private final List<EventMessage> published = new CopyOnWriteArrayList<>();

    /**
     * At a worker's start a slot can take a trial from a partition the group then gives to another
     * slot while the dataset is fetched: the trial is given up before it trains (it used to train
     * until its first epoch ended, a second or so of a core, while its new owner trained it too).
     */
    @Test
    void aTrialGivenUpWhileItsDatasetIsFetched_isNotTrained() {
        TrialExecution execution = execution(true);

        List<Outcome> outcomes = execution.run(List.of(new PackMember(TRIAL, "a-1", abandon)));

        assertThat(outcomes).singleElement().isEqualTo(new Outcome.Abandoned("partition trials-0 revoked"));
        assertThat(trained).hasValue(0);
    }

    @Test
    void aTrialNotGivenUp_isTrained() {
        TrialExecution execution = execution(false);

        List<Outcome> outcomes = execution.run(List.of(new PackMember(TRIAL, "a-1", abandon)));

        assertThat(trained).hasValue(1);
        assertThat(outcomes).singleElement().isInstanceOf(Outcome.Ended.class);
        assertThat(published).hasAtLeastOneElementOfType(TrialStarted.class);
    }

    /** The fetch of the dataset revokes the member's partition when {@code revokeWhileFetching}. */
    private TrialExecution execution(boolean revokeWhileFetching) {
        DatasetCache datasets = new DatasetCache(refs -> {
            if (revokeWhileFetching) {
                abandon.raise("partition trials-0 revoked");
            }
            return refs.stream().map(files::get).toList();
        }, 2);
        WorkerMetrics metrics = new WorkerMetrics(() -> 0, 1, "test", "test");
        metrics.bindTo(new SimpleMeterRegistry());
        Trainer trainer = new Counting();
        return new TrialExecution(datasets, new CrossValidator(trainer), new FinalFitter(trainer, Clock.systemUTC()),
                new StopSignals(), published::add, "w", Clock.systemUTC(), metrics);
    }

    /** Counts the trainings it is asked for, and fails them (what they return does not matter here). */
    private final class Counting extends CvOnlyTrainer {

        @Override
        public CvResult crossValidate(CvJob job, EpochListener listener) {
            trained.incrementAndGet();
            throw new IllegalStateException("not trained in this test");
        }
    }
}
