package dev.trialstream.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.broker.EmbeddedKafka;
import dev.trialstream.broker.EmbeddedKafkaExtension;
import dev.trialstream.core.message.DatasetRef;
import dev.trialstream.core.message.EventMessage;
import dev.trialstream.core.message.TrialCompleted;
import dev.trialstream.core.message.TrialEnded;
import dev.trialstream.core.message.TrialFailed;
import dev.trialstream.core.message.TrialRequested;
import dev.trialstream.core.training.CvJob;
import dev.trialstream.core.training.CvResult;
import dev.trialstream.core.training.EpochListener;
import dev.trialstream.core.training.FinalFitJob;
import dev.trialstream.core.training.FittedModel;
import dev.trialstream.core.training.Trainer;
import dev.trialstream.kafka.TopicReader;
import java.time.Clock;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A broker whose {@code offset.metadata.max.bytes} is below the start count the slot writes in the
 * group's offset metadata ({@link Attempts}) refuses the commit (OFFSET_METADATA_TOO_LARGE, which
 * the transactional producer reports as a fatal error). The slot put its take back and tried again,
 * for ever: no trial trained. Now it commits without the count and trains on.
 */
class MetadataLimitBrokerTest {

    /** Shorter than any count ("started:0=1" is 11 characters). */
    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension(
            () -> EmbeddedKafka.start(Map.of("offset.metadata.max.bytes", "8")));

    @Test
    void aBrokerRefusingTheStartCount_stillHasEveryTrialTrainedAndCompleted() throws Exception {
        PipelineFixture fx = new PipelineFixture(kafka.get(), "ml.", 2);
        DatasetRef data = fx.uploadSyntheticData(60, 15);
        fx.publish(fx.trials("s-ml", 4, 2, data), 2);
        WorkerConfig config = fx.workerConfig("ml", 1);

        try (TrialWorker worker = new TrialWorker(config, new SlowTrainer(1), Clock.systemUTC()).start()) {
            // Short: without the degrade no trial ends at all, however long it is given.
            List<EventMessage> events = new TopicReader(kafka.bootstrapServers(), fx.codec)
                    .readUntil(fx.topics.events(), list -> list.stream().filter(TrialEnded.class::isInstance)
                            .count() >= 4, Duration.ofSeconds(20), Duration.ZERO)
                    .stream().map(EventMessage.class::cast).toList();

            assertThat(events).filteredOn(TrialEnded.class::isInstance).hasSize(4)
                    .allSatisfy(e -> assertThat(e).isInstanceOf(TrialCompleted.class));
            assertThat(fx.committedTrialOffsets(config.groupId())).isEqualTo(4);
            assertThat(worker.live()).isTrue();
        }
    }

    /** Without the count in the group's offsets, the slot's own still gives up a trial that keeps crashing its training. */
    @Test
    void aBrokerRefusingTheStartCount_stillHasATrialThatCrashesItsTrainingGivenUpAfterThree() throws Exception {
        PipelineFixture fx = new PipelineFixture(kafka.get(), "mc.", 1);
        DatasetRef data = fx.uploadSyntheticData(60, 16);
        List<TrialRequested> trials = fx.trials("s-mc", 2, 2, data);
        fx.publish(trials, 1);
        long culprit = trials.get(0).seed();
        SlowTrainer slow = new SlowTrainer(1);
        Trainer crashing = new Trainer() {
            @Override
            public CvResult crossValidate(CvJob job, EpochListener listener) {
                return crossValidatePack(List.of(job), List.of(listener)).get(0);
            }

            @Override
            public List<CvResult> crossValidatePack(List<CvJob> jobs, List<EpochListener> listeners) {
                if (jobs.stream().anyMatch(job -> job.seed() == culprit)) {
                    throw new StackOverflowError("a test's");
                }
                return slow.crossValidatePack(jobs, listeners);
            }

            @Override
            public FittedModel finalFit(FinalFitJob job) {
                return slow.finalFit(job);
            }

            @Override
            public FittedModel loadModel(InputStream in) {
                return slow.loadModel(in);
            }

            @Override
            public String backend() {
                return slow.backend();
            }
        };

        try (TrialWorker worker = new TrialWorker(fx.workerConfig("mc", 1), crashing, Clock.systemUTC()).start()) {
            List<EventMessage> events = new TopicReader(kafka.bootstrapServers(), fx.codec)
                    .readUntil(fx.topics.events(), list -> list.stream().filter(TrialEnded.class::isInstance)
                            .count() >= 2, Duration.ofSeconds(20), Duration.ZERO)
                    .stream().map(EventMessage.class::cast).toList();

            assertThat(events).filteredOn(e -> e instanceof TrialFailed).singleElement()
                    .isInstanceOfSatisfying(TrialFailed.class, failed -> {
                        assertThat(failed.trialId()).isEqualTo("s-mc-t0");
                        assertThat(failed.reason()).isEqualTo("failed 3 times in a row (training thread crashed: "
                                + "java.lang.StackOverflowError: a test's), so given up: sent to mc.dead-letters");
                    });
            assertThat(events).filteredOn(e -> e instanceof TrialCompleted).extracting(EventMessage::trialId)
                    .containsExactly("s-mc-t1");
        }
    }
}
