package dev.trialstream.worker.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.trialstream.core.metrics.RegressionMetrics;
import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.params.Optimizer;
import dev.trialstream.core.training.CvJob;
import dev.trialstream.core.training.CvPlan;
import dev.trialstream.core.training.CvResult;
import dev.trialstream.core.training.EpochListener;
import dev.trialstream.core.training.EpochReport;
import dev.trialstream.core.training.FinalFitJob;
import dev.trialstream.core.training.FoldData;
import dev.trialstream.core.status.TrialState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class Dl4jTrainerTest {

    private final Dl4jTrainer trainer = new Dl4jTrainer();
    private final List<FoldData> folds = Folds.linear(3, 60, 20, 5, 11);
    private final Hyperparameters small = Hyperparameters.fromMap(Map.of(
            "hiddenLayers", 2, "neurons", 16, "learningRate", 0.01, "batchSize", 16));
    /** Plain SGD at learning rate 50: the loss overflows within a few epochs. */
    private static final Hyperparameters DIVERGING = Hyperparameters.fromMap(Map.of(
            "optimizer", Optimizer.SGD.wireName(), "learningRate", 50.0, "activation", "elu"));

    /** A plan for jobs whose folds the test builds itself: only the epochs and patience matter. */
    private static CvPlan plan(int maxEpochs, int patience) {
        return new CvPlan(3, 0, maxEpochs, patience, false);
    }

    private static List<Double> foldMse(CvResult result) {
        return result.scores().orElseThrow().foldMse();
    }

    @Test
    void crossValidate_reportsEveryFoldAfterEveryEpoch() {
        List<EpochReport> reports = new ArrayList<>();
        CvResult result = trainer.crossValidate(new CvJob(small, 1, plan(8, 0), folds), report -> {
            reports.add(report);
            return Optional.empty();
        });

        assertThat(result.state()).isEqualTo(TrialState.COMPLETED);
        assertThat(result.epochs()).isEqualTo(8);
        assertThat(reports).extracting(EpochReport::epoch).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(reports).allSatisfy(r -> assertThat(r.foldMse()).hasSize(3));
        assertThat(result.curve()).containsExactlyElementsOf(reports.stream().map(EpochReport::meanMse).toList());
        assertThat(result.cvMse()).isEqualTo(reports.get(7).meanMse());
        assertThat(foldMse(result)).containsExactlyElementsOf(reports.get(7).foldMse());
    }

    @Test
    void crossValidate_reportsRmseMaeAndR2InTargetUnitsForTheLastEpoch() {
        FoldData f = folds.get(0);
        FoldData scaled = new FoldData(f.trainX(), f.trainY(), f.validX(), f.validY(), 2.5);

        CvResult result = trainer.crossValidate(new CvJob(small, 9, plan(12, 0), List.of(scaled)), EpochListener.CONTINUE);

        // A final fit with the same seed, data and epochs trains the same network: score it independently.
        float[] predicted = trainer.finalFit(new FinalFitJob(small, 9, 12, scaled)).predict(scaled.validX());
        double[] truth = new double[predicted.length];
        double[] guess = new double[predicted.length];
        for (int i = 0; i < predicted.length; i++) {
            truth[i] = scaled.validY()[i] * 2.5;
            guess[i] = predicted[i] * 2.5;
        }
        RegressionMetrics expected = RegressionMetrics.of(truth, guess);
        RegressionMetrics cv = result.scores().orElseThrow().mean();
        assertThat(cv.n()).isEqualTo(20);
        assertThat(cv.mse()).isCloseTo(result.cvMse(), within(1e-6 * result.cvMse()));
        assertThat(cv.mse()).isCloseTo(expected.mse(), within(1e-4 * expected.mse()));
        assertThat(cv.rmse()).isCloseTo(expected.rmse(), within(1e-4 * expected.rmse()));
        assertThat(cv.mae()).isCloseTo(expected.mae(), within(1e-4 * expected.mae()));
        assertThat(cv.r2()).isCloseTo(expected.r2(), within(1e-4));
    }

    @Test
    void crossValidate_scoresAreMeansOverFolds() {
        CvResult result = trainer.crossValidate(new CvJob(small, 1, plan(10, 0), folds), EpochListener.CONTINUE);

        RegressionMetrics cv = result.scores().orElseThrow().mean();
        double meanRmse = foldMse(result).stream().mapToDouble(Math::sqrt).average().orElseThrow();
        assertThat(cv.n()).isEqualTo(60);
        assertThat(cv.rmse()).isCloseTo(meanRmse, within(1e-6));
        assertThat(cv.mae()).isPositive().isLessThanOrEqualTo(cv.rmse());
        assertThat(cv.r2()).isBetween(0.5, 1.0);
    }

    @Test
    void crossValidate_aFailedTrialHasNoScoresButItsLastFiniteMse() {
        CvResult result = trainer.crossValidate(new CvJob(DIVERGING, 1, plan(100, 0), folds), EpochListener.CONTINUE);

        assertThat(result.state()).isEqualTo(TrialState.FAILED);
        assertThat(result.scores().isPresent()).isEqualTo(!result.curve().isEmpty());
        result.scores().ifPresent(scores -> {
            assertThat(scores.mse()).isEqualTo(result.curve().get(result.curve().size() - 1));
            assertThat(scores.mean().mae()).isNaN();
            assertThat(scores.mean().r2()).isNaN();
        });
    }

    @Test
    void crossValidate_learnsALinearTarget() {
        CvResult result = trainer.crossValidate(new CvJob(small, 1, plan(30, 0), folds), EpochListener.CONTINUE);

        // The target has unit variance and noise 0.1/sqrt(5): a trained net ends far below 1.
        assertThat(result.curve().get(0)).isGreaterThan(result.cvMse());
        assertThat(result.cvMse()).isLessThan(0.2);
    }

    @Test
    void crossValidate_sameSeedSameResult() {
        Hyperparameters withDropout = Hyperparameters.fromMap(Map.of("dropout", 0.3, "neurons", 16));
        CvResult first = trainer.crossValidate(new CvJob(withDropout, 42, plan(5, 0), folds), EpochListener.CONTINUE);
        CvResult second = trainer.crossValidate(new CvJob(withDropout, 42, plan(5, 0), folds), EpochListener.CONTINUE);
        CvResult other = trainer.crossValidate(new CvJob(withDropout, 43, plan(5, 0), folds), EpochListener.CONTINUE);

        assertThat(second.curve()).isEqualTo(first.curve());
        assertThat(foldMse(second)).isEqualTo(foldMse(first));
        assertThat(other.curve()).isNotEqualTo(first.curve());
    }

    @Test
    void crossValidate_foldsTrainIndependently() {
        // Fold 0 trained beside two others must match fold 0 trained alone: stacking is only batching.
        CvResult stacked = trainer.crossValidate(new CvJob(small, 5, plan(6, 0), folds), EpochListener.CONTINUE);
        CvResult alone = trainer.crossValidate(new CvJob(small, 5, plan(6, 0), List.of(folds.get(0))), EpochListener.CONTINUE);

        assertThat(foldMse(stacked).get(0)).isCloseTo(foldMse(alone).get(0), within(1e-4 * foldMse(alone).get(0)));
        assertThat(foldMse(stacked).get(1)).isNotCloseTo(foldMse(alone).get(0), within(1e-6));
    }

    @Test
    void crossValidate_stopsBetweenEpochsWhenAsked() {
        CvResult result = trainer.crossValidate(new CvJob(small, 1, plan(50, 0), folds),
                report -> report.epoch() == 3 ? Optional.of("pruned by test") : Optional.empty());

        assertThat(result.state()).isEqualTo(TrialState.PRUNED);
        assertThat(result.epochs()).isEqualTo(3);
        assertThat(result.curve()).hasSize(3);
        assertThat(result.reason()).isEqualTo("pruned by test");
    }

    @Test
    void crossValidate_aStopAfterTheLastEpochLeavesTheTrialCompleted() {
        CvResult result = trainer.crossValidate(new CvJob(small, 1, plan(4, 0), folds),
                report -> report.epoch() == 4 ? Optional.of("asha rung 1: too late") : Optional.empty());

        assertThat(result.state()).isEqualTo(TrialState.COMPLETED);
        assertThat(result.epochs()).isEqualTo(4);
        assertThat(result.reason()).isEmpty();
        assertThat(result.scores()).isPresent();
    }

    @Test
    void crossValidate_patienceEndsAStalledTrial() {
        // A learning rate this small barely moves the loss, but a tiny rate still improves it every
        // epoch; a zero-ish one on SGD stalls once float precision is reached. Use patience 1 and a
        // listener-free run and check the rule itself: stop exactly `patience` epochs after the best.
        Hyperparameters stalled = Hyperparameters.fromMap(Map.of("optimizer", "sgd", "learningRate", 1e-12));
        CvResult result = trainer.crossValidate(new CvJob(stalled, 1, plan(40, 2), folds), EpochListener.CONTINUE);

        assertThat(result.state()).isEqualTo(TrialState.COMPLETED);
        assertThat(result.epochs()).isLessThan(40);
        assertThat(result.reason()).startsWith("patience: no improvement for 2 epochs");
        int best = result.curve().indexOf(result.curve().stream().min(Double::compare).orElseThrow()) + 1;
        assertThat(result.epochs()).isEqualTo(best + 2);
    }

    @Test
    void crossValidate_divergenceIsAFailedTrialWithItsReason() {
        CvResult result = trainer.crossValidate(new CvJob(DIVERGING, 1, plan(100, 0), folds), EpochListener.CONTINUE);

        assertThat(result.state()).isEqualTo(TrialState.FAILED);
        assertThat(result.epochs()).isLessThan(100);
        // Non-finite, or finite but past the divergence bound (Divergence.MAX_MSE_OVER_VARIANCE).
        assertThat(result.reason()).matches("diverged at epoch \\d+: validation MSE of fold \\d is"
                + " (NaN|Infinity|\\S+, over 1e\\+06 × its targets' variance \\S+) \\(learning rate 50.0 with sgd\\)");
    }

    @Test
    void crossValidate_everyOptimizerActivationAndInitTrains() {
        for (String optimizer : List.of("sgd", "nesterov", "adam", "adamw", "rmsprop", "adagrad", "nadam")) {
            for (String activation : List.of("relu", "tanh", "sigmoid", "elu", "leakyrelu", "selu")) {
                Hyperparameters params = Hyperparameters.fromMap(Map.of("optimizer", optimizer,
                        "activation", activation, "neurons", 8, "learningRate", 0.01, "l2", 1e-4,
                        "lrSchedule", "cosine", "weightInit", activation.equals("relu") ? "he" : "lecun"));
                CvResult result = trainer.crossValidate(new CvJob(params, 3, plan(3, 0), folds), EpochListener.CONTINUE);
                assertThat(result.state()).as(optimizer + "/" + activation).isEqualTo(TrialState.COMPLETED);
                assertThat(result.cvMse()).as(optimizer + "/" + activation).isFinite().isPositive();
            }
        }
    }
}
