package dev.trialstream.core.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trialstream.core.params.Activation;
import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.params.LrSchedule;
import dev.trialstream.core.params.Optimizer;
import dev.trialstream.core.params.WeightInit;
import dev.trialstream.core.prep.Matrix;
import dev.trialstream.core.status.TrialState;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PackKeyTest {

    private static final CvPlan PLAN = new CvPlan(3, 7, 100, 0, true);
    private static final Hyperparameters BASE = Hyperparameters.DEFAULTS;

    @Test
    void of_perMemberNumbersInitAndSeedDoNotSplitAPack() {
        Hyperparameters other = new Hyperparameters(2, 64, 0.3, Activation.RELU, Optimizer.ADAM, 0.05, 32,
                WeightInit.HE, LrSchedule.COSINE, 1e-4);

        assertThat(PackKey.of(other, PLAN, "boston")).isEqualTo(PackKey.of(BASE, PLAN, "boston"));
        assertThat(PackKey.of(BASE, PLAN, "boston").admits(other, PLAN, "boston")).isTrue();
    }

    @Test
    void of_shapeOptimizerBatchDataAndPlanSplitPacks() {
        PackKey key = PackKey.of(BASE, PLAN, "boston");
        List<Hyperparameters> others = List.of(
                new Hyperparameters(3, 64, 0, Activation.RELU, Optimizer.ADAM, 1e-3, 32, WeightInit.XAVIER, LrSchedule.NONE, 0),
                new Hyperparameters(2, 128, 0, Activation.RELU, Optimizer.ADAM, 1e-3, 32, WeightInit.XAVIER, LrSchedule.NONE, 0),
                new Hyperparameters(2, 64, 0, Activation.TANH, Optimizer.ADAM, 1e-3, 32, WeightInit.XAVIER, LrSchedule.NONE, 0),
                new Hyperparameters(2, 64, 0, Activation.RELU, Optimizer.ADAMW, 1e-3, 32, WeightInit.XAVIER, LrSchedule.NONE, 0),
                new Hyperparameters(2, 64, 0, Activation.RELU, Optimizer.ADAM, 1e-3, 64, WeightInit.XAVIER, LrSchedule.NONE, 0));
        for (Hyperparameters other : others) {
            assertThat(key.admits(other, PLAN, "boston")).as(other.describe()).isFalse();
        }
        assertThat(key.admits(BASE, PLAN, "california")).isFalse();
        assertThat(key.admits(BASE, new CvPlan(5, 7, 100, 0, true), "boston")).isFalse();
        assertThat(key.admits(BASE, new CvPlan(3, 7, 50, 0, true), "boston")).isFalse();
    }

    @Test
    void of_withoutDatasetIdIsRejected() {
        assertThatThrownBy(() -> PackKey.of(BASE, PLAN, " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("datasetId must be set");
    }

    @Test
    void crossValidatePack_byDefaultRunsEachJobWithItsOwnListener() {
        AtomicInteger calls = new AtomicInteger();
        Trainer oneByOne = new CvOnlyTrainer() {
            @Override
            public CvResult crossValidate(CvJob job, EpochListener listener) {
                calls.incrementAndGet();
                Optional<String> stop = listener.afterEpoch(new EpochReport(1, List.of((double) job.seed())));
                return new CvResult(stop.isPresent() ? TrialState.PRUNED
                        : TrialState.COMPLETED, 1, Optional.empty(),
                        List.of((double) job.seed()), stop.orElse(""), 0);
            }
        };
        FoldData fold = new FoldData(new Matrix(1, 1, new float[] {1}), new float[] {1},
                new Matrix(1, 1, new float[] {1}), new float[] {1}, 1);
        List<CvJob> jobs = List.of(new CvJob(BASE, 1, PLAN, List.of(fold)), new CvJob(BASE, 2, PLAN, List.of(fold)));

        List<CvResult> results = oneByOne.crossValidatePack(jobs,
                List.of(EpochListener.CONTINUE, report -> Optional.of("pruned")));

        assertThat(calls).hasValue(2);
        assertThat(results).extracting(CvResult::curve).containsExactly(List.of(1.0), List.of(2.0));
        assertThat(results).extracting(CvResult::reason).containsExactly("", "pruned");
        assertThatThrownBy(() -> oneByOne.crossValidatePack(jobs, List.of(EpochListener.CONTINUE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a pack needs one listener per job: 2 jobs but 1 listeners");
    }
}
