package dev.trialstream.worker.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.trialstream.core.data.DataFile;
import dev.trialstream.core.data.Dataset;
import dev.trialstream.core.data.DatasetLoader;
import dev.trialstream.core.data.DatasetSource;
import dev.trialstream.core.ensemble.OutOfFold;
import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.prep.Fold;
import dev.trialstream.core.prep.FoldPlan;
import dev.trialstream.core.status.TrialState;
import dev.trialstream.core.training.CvPlan;
import dev.trialstream.core.training.CvResult;
import dev.trialstream.core.training.EpochListener;
import dev.trialstream.worker.dl4j.Dl4jTrainer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A trial's out-of-fold predictions: one per training row, in row order, from the network that did not see it. */
class OutOfFoldPredictionsTest {

    private static final int ROWS = 61;
    /** Standardized target far from 0: forgetting to undo the fold's scaling shows at once. */
    private static final CvPlan PLAN = new CvPlan(3, 7, 6, 0, true);
    private static final Hyperparameters SMALL = Hyperparameters.fromMap(Map.of(
            "hiddenLayers", 1, "neurons", 8, "learningRate", 0.01, "batchSize", 16));

    private static Dataset dataset() {
        SplittableRandom random = new SplittableRandom(3);
        StringBuilder csv = new StringBuilder("a,b,y\n");
        for (int i = 0; i < ROWS; i++) {
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            csv.append(a).append(',').append(b).append(',').append(500 + 40 * a - 25 * b + random.nextGaussian())
                    .append('\n');
        }
        return new DatasetLoader().parse(new DatasetSource("data.csv", "y", List.of(),
                new DataFile("data.csv", csv.toString().getBytes(StandardCharsets.UTF_8)), null, 0, 0, null));
    }

    @Test
    void outOfFold_isInRowOrderAndEachFoldsRowsScoreAsThatFoldsValidationMse() {
        Dataset data = dataset();
        CrossValidator validator = new CrossValidator(new Dl4jTrainer());

        CvResult result = validator.run(data, PLAN, SMALL, 5, EpochListener.CONTINUE);
        OutOfFold oof = validator.outOfFold(data, PLAN, result).orElseThrow();

        assertThat(result.state()).isEqualTo(TrialState.COMPLETED);
        double[] y = data.train().numeric("y").values();
        float[] targets = oof.targets();
        float[] predictions = oof.predictions();
        assertThat(predictions).hasSize(ROWS);
        for (int row = 0; row < ROWS; row++) {
            assertThat((double) targets[row]).as("target of row %d", row).isCloseTo(y[row], within(1e-3));
        }
        List<Fold> folds = FoldPlan.of(data, PLAN.folds(), PLAN.foldSeed()).folds();
        List<Double> foldMse = result.scores().orElseThrow().foldMse();
        for (int f = 0; f < folds.size(); f++) {
            double sum = 0;
            int[] rows = folds.get(f).valid();
            for (int row : rows) {
                sum += (predictions[row] - y[row]) * (predictions[row] - y[row]);
            }
            assertThat(sum / rows.length).as("fold %d", f).isCloseTo(foldMse.get(f), within(1e-3 * foldMse.get(f)));
        }
    }

    @Test
    void outOfFold_isEmptyWhenTheTrainerKeptNoPredictions() {
        Dataset data = dataset();
        CvResult failed = new CvResult(TrialState.FAILED, 1, java.util.Optional.empty(), List.of(), "diverged", 0.1);

        assertThat(new CrossValidator(null).outOfFold(data, PLAN, failed)).isEmpty();
    }
}
