package dev.trialstream.worker.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.status.TrialState;
import dev.trialstream.core.training.CvJob;
import dev.trialstream.core.training.CvPlan;
import dev.trialstream.core.training.CvResult;
import dev.trialstream.core.training.EpochListener;
import dev.trialstream.core.training.EpochReport;
import dev.trialstream.core.training.FinalFitJob;
import dev.trialstream.core.training.FittedModel;
import dev.trialstream.core.training.FoldData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PackedTrainingTest {

    private final Dl4jTrainer trainer = new Dl4jTrainer();
    private final List<FoldData> folds = Folds.linear(3, 60, 20, 5, 11);

    private static CvPlan plan(int maxEpochs) {
        return new CvPlan(3, 0, maxEpochs, 0, false);
    }

    private static Hyperparameters params(String optimizer, double learningRate, double dropout, double l2,
                                          String schedule, String init) {
        return Hyperparameters.fromMap(Map.of("hiddenLayers", 2, "neurons", 16, "batchSize", 16,
                "activation", "elu", "optimizer", optimizer, "learningRate", learningRate, "dropout", dropout,
                "l2", l2, "lrSchedule", schedule, "weightInit", init));
    }

    private static List<EpochListener> continuing(int n) {
        return Collections.nCopies(n, EpochListener.CONTINUE);
    }

    /** Each trial's curve and fold scores, packed, equal its own run alone (float tolerance). */
    private void assertSameAsAlone(List<CvJob> jobs, List<CvResult> packed) {
        for (int t = 0; t < jobs.size(); t++) {
            assertSameAsAlone(jobs.get(t), packed.get(t), "trial " + t + " " + jobs.get(t).params().describe());
        }
    }

    private void assertSameAsAlone(CvJob job, CvResult together, String name) {
        {
            CvResult alone = trainer.crossValidate(job, EpochListener.CONTINUE);
            assertThat(together.state()).as(name).isEqualTo(alone.state());
            assertThat(together.epochs()).as(name).isEqualTo(alone.epochs());
            assertThat(together.curve()).as(name).hasSameSizeAs(alone.curve());
            for (int e = 0; e < alone.curve().size(); e++) {
                assertThat(together.curve().get(e)).as(name + " epoch " + (e + 1))
                        .isCloseTo(alone.curve().get(e), within(1e-5 * Math.abs(alone.curve().get(e))));
            }
        }
    }

    @Test
    void crossValidatePack_eachTrialTrainsAsItWouldAlone() {
        for (String optimizer : List.of("adam", "adamw", "nesterov", "sgd", "rmsprop", "adagrad", "nadam")) {
            List<CvJob> jobs = List.of(
                    new CvJob(params(optimizer, 0.01, 0, 0, "none", "xavier"), 1, plan(6), folds),
                    new CvJob(params(optimizer, 0.003, 0.3, 1e-3, "cosine", "he"), 2, plan(6), folds),
                    new CvJob(params(optimizer, 0.02, 0.1, 0, "step", "lecun"), 3, plan(6), folds));

            List<CvResult> packed = trainer.crossValidatePack(jobs, continuing(jobs.size()));

            assertThat(packed).as(optimizer).allSatisfy(r -> assertThat(r.state()).isEqualTo(TrialState.COMPLETED));
            assertSameAsAlone(jobs, packed);
            // Different numbers, different curves: the pack did not train one trial three times.
            assertThat(packed.get(0).curve()).as(optimizer).isNotEqualTo(packed.get(1).curve());
        }
    }

    @Test
    void crossValidatePack_reluWithDropoutTrainsAsItWouldAlone() {
        // The reference shape's path: ReLU gates that carry the dropout masks, Adam stepped in Java.
        List<CvJob> jobs = new ArrayList<>();
        for (double dropout : List.of(0.0, 0.2, 0.4)) {
            jobs.add(new CvJob(Hyperparameters.fromMap(Map.of("hiddenLayers", 2, "neurons", 16, "batchSize", 16,
                    "learningRate", 0.01, "dropout", dropout)), jobs.size(), plan(6), folds));
        }

        List<CvResult> packed = trainer.crossValidatePack(jobs, continuing(jobs.size()));

        assertSameAsAlone(jobs, packed);
        assertThat(packed.get(1).curve()).isNotEqualTo(packed.get(2).curve());
    }

    @Test
    void crossValidatePack_theSameTrialTwiceGivesTheSameCurveTwice() {
        CvJob job = new CvJob(params("adam", 0.01, 0.2, 0, "none", "xavier"), 7, plan(5), folds);

        List<CvResult> packed = trainer.crossValidatePack(List.of(job, job), continuing(2));

        assertThat(packed.get(1).curve()).isEqualTo(packed.get(0).curve());
    }

    @Test
    void crossValidatePack_aPrunedTrialStopsWhileTheOthersFinish() {
        List<CvJob> jobs = List.of(
                new CvJob(params("adam", 0.01, 0, 0, "none", "xavier"), 1, plan(8), folds),
                new CvJob(params("adam", 0.005, 0.2, 0, "none", "xavier"), 2, plan(8), folds),
                new CvJob(params("adam", 0.02, 0, 1e-3, "cosine", "he"), 3, plan(8), folds));
        List<Integer> prunedSaw = new ArrayList<>();
        EpochListener pruneAtThree = report -> {
            prunedSaw.add(report.epoch());
            return report.epoch() == 3 ? Optional.of("pruned by test") : Optional.empty();
        };
        List<EpochReport> lastSaw = new ArrayList<>();
        EpochListener recordLast = report -> {
            lastSaw.add(report);
            return Optional.empty();
        };

        List<CvResult> packed = trainer.crossValidatePack(jobs, List.of(EpochListener.CONTINUE, pruneAtThree, recordLast));

        assertThat(packed.get(1).state()).isEqualTo(TrialState.PRUNED);
        assertThat(packed.get(1).epochs()).isEqualTo(3);
        assertThat(packed.get(1).reason()).isEqualTo("pruned by test");
        assertThat(prunedSaw).containsExactly(1, 2, 3);
        assertThat(packed.get(0).state()).isEqualTo(TrialState.COMPLETED);
        assertThat(packed.get(2).state()).isEqualTo(TrialState.COMPLETED);
        assertThat(packed.get(0).epochs()).isEqualTo(8);
        assertThat(lastSaw).extracting(EpochReport::epoch).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(packed.get(2).curve()).containsExactlyElementsOf(lastSaw.stream().map(EpochReport::meanMse).toList());
        // The survivors' weights and optimizer state moved into the smaller pack intact.
        assertSameAsAlone(jobs.get(0), packed.get(0), "first");
        assertSameAsAlone(jobs.get(2), packed.get(2), "third");
        assertThat(packed.get(1).curve()).hasSize(3);
    }

    @Test
    void crossValidatePack_aDivergedTrialLeavesThePack() {
        // Plain SGD at learning rate 50 overflows within a few epochs; at 0.01 it trains.
        List<CvJob> jobs = List.of(
                new CvJob(params("sgd", 0.01, 0, 0, "none", "xavier"), 1, plan(30), folds),
                new CvJob(params("sgd", 50, 0, 0, "none", "xavier"), 1, plan(30), folds),
                new CvJob(params("sgd", 0.02, 0.1, 0, "none", "xavier"), 2, plan(30), folds));

        List<CvResult> packed = trainer.crossValidatePack(jobs, continuing(3));

        assertThat(packed.get(1).state()).isEqualTo(TrialState.FAILED);
        assertThat(packed.get(1).epochs()).isLessThan(30);
        assertThat(packed.get(1).reason()).startsWith("diverged at epoch " + packed.get(1).epochs() + ": ")
                .endsWith("(learning rate 50.0 with sgd)");
        assertThat(packed.get(0).state()).isEqualTo(TrialState.COMPLETED);
        assertThat(packed.get(2).state()).isEqualTo(TrialState.COMPLETED);
        assertThat(packed.get(0).cvMse()).isFinite().isLessThan(0.5);
        assertSameAsAlone(jobs, packed);
    }

    @Test
    void crossValidatePack_jobsOfDifferentShapesTrainInSeparatePacksInOrder() {
        Hyperparameters wide = params("adam", 0.01, 0, 0, "none", "xavier");
        Hyperparameters narrow = Hyperparameters.fromMap(Map.of("hiddenLayers", 1, "neurons", 8, "batchSize", 16));
        List<CvJob> jobs = List.of(new CvJob(wide, 1, plan(4), folds), new CvJob(narrow, 1, plan(4), folds),
                new CvJob(wide, 2, plan(4), folds));

        List<CvResult> packed = trainer.crossValidatePack(jobs, continuing(3));

        assertSameAsAlone(jobs, packed);
    }

    @Test
    void crossValidatePack_needsOneListenerPerJob() {
        CvJob job = new CvJob(params("adam", 0.01, 0, 0, "none", "xavier"), 1, plan(2), folds);

        assertThatThrownBy(() -> trainer.crossValidatePack(List.of(job, job), continuing(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a pack needs one listener per job: 2 jobs but 1 listeners");
    }

    /** Each packed network predicts as the same job fitted alone does (float tolerance). */
    private void assertSameAsFittedAlone(List<FinalFitJob> jobs, List<FittedModel> packed) {
        assertThat(packed).hasSameSizeAs(jobs);
        for (int j = 0; j < jobs.size(); j++) {
            FinalFitJob job = jobs.get(j);
            float[] alone = trainer.finalFit(job).predict(job.data().validX());
            float[] together = packed.get(j).predict(job.data().validX());
            assertThat(together).as("job " + j + " " + job.params().describe() + " seed " + job.seed())
                    .containsExactly(alone, within(1e-5f));
        }
    }

    @Test
    void finalFitPack_eachNetworkTrainsAsItWouldAlone() {
        FoldData all = folds.get(0);
        for (String optimizer : List.of("adam", "adamw", "nesterov", "sgd", "rmsprop", "adagrad", "nadam")) {
            // An ensemble's shape: one configuration over three seeds, and a second configuration of
            // the same shape that trained for fewer epochs (it leaves the pack early).
            Hyperparameters first = params(optimizer, 0.01, 0.2, 0, "none", "xavier");
            Hyperparameters second = params(optimizer, 0.003, 0, 1e-3, "cosine", "he");
            List<FinalFitJob> jobs = List.of(new FinalFitJob(first, 5, 7, all), new FinalFitJob(first, 6, 7, all),
                    new FinalFitJob(first, 7, 7, all), new FinalFitJob(second, 9, 4, all),
                    new FinalFitJob(second, 10, 4, all));

            List<FittedModel> packed = trainer.finalFitPack(jobs);

            assertSameAsFittedAlone(jobs, packed);
            // Different seeds, different networks: the pack did not fit one job five times.
            assertThat(packed.get(0).predict(all.validX())).as(optimizer)
                    .isNotEqualTo(packed.get(1).predict(all.validX()));
        }
    }

    /** One network shape of the final-fit tests: {@link #params}' adam net. */
    private static Hyperparameters wide() {
        return params("adam", 0.01, 0, 0, "none", "xavier");
    }

    /** Another: one tanh layer of 8 on rmsprop, batches of 16. */
    private static Hyperparameters narrow() {
        return Hyperparameters.fromMap(Map.of("hiddenLayers", 1, "neurons", 8, "batchSize", 16,
                "activation", "tanh", "optimizer", "rmsprop", "dropout", 0.1));
    }

    @Test
    void finalFitPack_jobsOfDifferentShapesFitInSeparatePacksInOrder() {
        FoldData all = folds.get(1);
        Hyperparameters wide = wide();
        Hyperparameters narrow = narrow();
        Hyperparameters otherBatch = Hyperparameters.fromMap(Map.of("hiddenLayers", 2, "neurons", 16, "batchSize", 32,
                "activation", "elu", "optimizer", "adam", "learningRate", 0.01));
        List<FinalFitJob> jobs = List.of(new FinalFitJob(wide, 1, 5, all), new FinalFitJob(narrow, 1, 6, all),
                new FinalFitJob(otherBatch, 2, 5, all), new FinalFitJob(wide, 2, 3, all), new FinalFitJob(narrow, 2, 6, all));

        List<FittedModel> packed = trainer.finalFitPack(jobs);

        assertSameAsFittedAlone(jobs, packed);
    }

    /** Spread over threads (a pack split across two of them), every network is still the one fitted alone. */
    @Test
    void finalFitPack_overSeveralThreads_fitsTheSameNetworks() {
        FoldData all = folds.get(1);
        Hyperparameters wide = wide();
        Hyperparameters narrow = narrow();
        List<FinalFitJob> jobs = List.of(new FinalFitJob(wide, 1, 5, all), new FinalFitJob(wide, 2, 5, all),
                new FinalFitJob(wide, 3, 3, all), new FinalFitJob(narrow, 1, 6, all));

        List<FittedModel> spread = new Dl4jTrainer(3).finalFitPack(jobs);

        assertSameAsFittedAlone(jobs, spread);
    }
}
