package dev.trialstream.core.prep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trialstream.core.data.CsvTableReader;
import dev.trialstream.core.data.DataSpec;
import dev.trialstream.core.data.Dataset;
import dev.trialstream.core.data.DatasetLoader;
import dev.trialstream.core.data.Table;
import dev.trialstream.core.testing.SyntheticData;
import dev.trialstream.core.training.FoldData;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FoldPreparerTest {

    private final FoldPreparer preparer = new FoldPreparer(PrepOptions.DEFAULTS);

    /** Rows {@code x = i, y = 2i}, except row {@code extremeRow} which holds {@code extreme} in both. */
    private static Table tableWithExtreme(int rows, int extremeRow, double extreme) {
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 0; i < rows; i++) {
            double x = i == extremeRow ? extreme : i;
            csv.append(x).append(',').append(i == extremeRow ? extreme : 2.0 * i).append('\n');
        }
        return new CsvTableReader().read("leak.csv", csv.toString().getBytes(StandardCharsets.UTF_8), List.of());
    }

    private static double mean(double[] values) {
        return IntStream.range(0, values.length).mapToDouble(i -> values[i]).average().orElseThrow();
    }

    private static double populationStd(double[] values) {
        double mean = mean(values);
        return Math.sqrt(IntStream.range(0, values.length)
                .mapToDouble(i -> (values[i] - mean) * (values[i] - mean)).sum() / values.length);
    }

    private static double[] column(Matrix m, int col) {
        return IntStream.range(0, m.rows()).mapToDouble(r -> m.get(r, col)).toArray();
    }

    private static double[] values(float[] v) {
        return IntStream.range(0, v.length).mapToDouble(i -> v[i]).toArray();
    }

    @Test
    void shouldKeepValidationRowsOutOfEachFoldsScaler() {
        int extremeRow = 7;
        Table table = tableWithExtreme(40, extremeRow, 1e6);
        FoldPlan plan = FoldPlan.kFold(40, 4, 11);
        int leakyFold = IntStream.range(0, 4)
                .filter(f -> IntStream.of(plan.folds().get(f).valid()).anyMatch(row -> row == extremeRow))
                .findFirst().orElseThrow();
        int[] trainRows = plan.folds().get(leakyFold).train();
        double[] trainX = IntStream.of(trainRows).mapToDouble(i -> i).toArray();
        double[] trainY = IntStream.of(trainRows).mapToDouble(i -> 2.0 * i).toArray();

        FoldData fold = preparer.prepare(table, "y", plan).get(leakyFold);

        // Scaled with training statistics only: mean 0 and std 1 over the training rows...
        assertThat(mean(column(fold.trainX(), 0))).isCloseTo(0, within(1e-6));
        assertThat(populationStd(column(fold.trainX(), 0))).isCloseTo(1, within(1e-6));
        assertThat(mean(values(fold.trainY()))).isCloseTo(0, within(1e-6));
        assertThat(fold.targetScale()).isEqualTo(populationStd(trainY));
        // ...and the extreme validation row lands far out, measured in training units.
        int position = IntStream.of(plan.folds().get(leakyFold).valid()).boxed().toList().indexOf(extremeRow);
        assertThat((double) fold.validX().get(position, 0))
                .isCloseTo((1e6 - mean(trainX)) / populationStd(trainX), within(1.0));
        assertThat((double) fold.validY()[position])
                .isCloseTo((1e6 - mean(trainY)) / populationStd(trainY), within(1.0));
    }

    @Test
    void shouldFitTheSameStateWhateverTheValidationRowsHold() {
        FoldPlan plan = FoldPlan.kFold(30, 3, 5);
        int extremeRow = plan.folds().get(0).valid()[0];
        Preprocessor preprocessor = new Preprocessor(PrepOptions.DEFAULTS);

        FittedPreprocessing plain = preprocessor.fit(tableWithExtreme(30, extremeRow, extremeRow), "y",
                plan.folds().get(0).train());
        FittedPreprocessing withOutlier = preprocessor.fit(tableWithExtreme(30, extremeRow, -5e7), "y",
                plan.folds().get(0).train());
        FittedPreprocessing allRows = preprocessor.fit(tableWithExtreme(30, extremeRow, -5e7), "y",
                IntStream.range(0, 30).toArray());

        assertThat(withOutlier).isEqualTo(plain);
        // Control: fitting on all rows does see the outlier, so the comparison above can fail.
        assertThat(allRows).isNotEqualTo(plain);
    }

    @Test
    void shouldGiveEveryFoldTheSameWidthWhenACategoryIsRare() {
        StringBuilder csv = new StringBuilder("c,x,y\n");
        for (int i = 0; i < 20; i++) {
            csv.append(i == 13 ? "rare" : i % 2 == 0 ? "a" : "b").append(',').append(i).append(',').append(i).append('\n');
        }
        Table table = new CsvTableReader().read("rare.csv", csv.toString().getBytes(StandardCharsets.UTF_8), List.of());
        FoldPlan plan = FoldPlan.kFold(20, 4, 2);

        List<FoldData> folds = preparer.prepare(table, "y", plan);

        assertThat(folds).extracting(FoldData::features).containsOnly(4);
        int rareFold = IntStream.range(0, 4)
                .filter(f -> IntStream.of(plan.folds().get(f).valid()).anyMatch(row -> row == 13))
                .findFirst().orElseThrow();
        FoldData fold = folds.get(rareFold);
        // Columns: c=a, c=b, c=rare, x. The fold never trained on "rare": its column is zero everywhere.
        assertThat(column(fold.trainX(), 2)).containsOnly(0.0);
        assertThat(column(fold.validX(), 2)).containsOnly(0.0);
    }

    @Test
    void shouldPrepareBostonFinalFit() {
        Dataset boston = new DatasetLoader().load(DataSpec.builtin("boston"));

        PreparedFinal prepared = preparer.prepareFinal(boston);

        FoldData data = prepared.data();
        assertThat(data.features()).isEqualTo(13);
        assertThat(data.trainX().rows()).isEqualTo(404);
        assertThat(data.validX().rows()).isEqualTo(102);
        assertThat(data.targetScale()).isEqualTo(populationStd(boston.train().numeric("medv").values()));
        assertThat(prepared.preprocessing().featureNames()).containsExactly(
                "crim", "zn", "indus", "chas", "nox", "rm", "age", "dis", "rad", "tax", "ptratio", "b", "lstat");
        assertThat(prepared.preprocessing().unscaleTarget(data.validY()[0]))
                .isCloseTo(boston.test().numeric("medv").get(0), within(1e-4));
    }

    @Test
    void shouldPrepareCaliforniaWithImputationAndOneHot() {
        Dataset california = new DatasetLoader().load(DataSpec.builtin("california"));

        PreparedFinal prepared = preparer.prepareFinal(california);

        assertThat(prepared.data().features()).isEqualTo(13);
        assertThat(prepared.preprocessing().featureNames()).endsWith(
                "ocean_proximity=<1H OCEAN", "ocean_proximity=INLAND", "ocean_proximity=ISLAND",
                "ocean_proximity=NEAR BAY", "ocean_proximity=NEAR OCEAN");
        assertThat(prepared.data().trainX().data()).doesNotContain(Float.NaN);
        assertThat(prepared.data().validX().data()).doesNotContain(Float.NaN);
        NumericFeature bedrooms = (NumericFeature) prepared.preprocessing().features().get(4);
        assertThat(bedrooms.name()).isEqualTo("total_bedrooms");
        double[] known = Arrays.stream(california.train().numeric("total_bedrooms").values())
                .filter(v -> !Double.isNaN(v)).sorted().toArray();
        double median = known.length % 2 == 1 ? known[known.length / 2]
                : (known[known.length / 2 - 1] + known[known.length / 2]) / 2;
        assertThat(bedrooms.imputeValue()).isEqualTo(median);
        // Every row has exactly one ocean_proximity bit set.
        Matrix x = prepared.data().trainX();
        for (int r = 0; r < x.rows(); r++) {
            float sum = 0;
            for (int c = 8; c < 13; c++) {
                sum += x.get(r, c);
            }
            assertThat(sum).as("row %d", r).isEqualTo(1f);
        }
    }

    @Test
    void shouldPrepareCaliforniaFoldsOfEqualWidth() {
        Dataset california = new DatasetLoader().load(DataSpec.builtin("california"));

        List<FoldData> folds = preparer.prepare(california, FoldPlan.kFold(california.train().rows(), 5, 1));

        assertThat(folds).hasSize(5).extracting(FoldData::features).containsOnly(13);
        assertThat(folds).extracting(fold -> fold.validX().rows()).containsOnly(3302, 3303);
    }

    @Test
    void shouldPrepareFinalWithoutTestRows() {
        Dataset dataset = SyntheticData.linearDataset(30, 0, 2, 0.1, 4);

        FoldData data = preparer.prepareFinal(dataset).data();

        assertThat(data.trainX().rows()).isEqualTo(30);
        assertThat(data.validX().rows()).isZero();
        assertThat(data.validX().cols()).isEqualTo(2);
    }

    @Test
    void prepare_planForOtherRowCount() {
        Table table = SyntheticData.linearTable(10, 2, 0, 1);

        assertThatThrownBy(() -> preparer.prepare(table, "y", FoldPlan.kFold(12, 3, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the fold plan covers 12 rows but synthetic-1.csv has 10");
    }
}
