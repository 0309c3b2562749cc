package dev.trialstream.core.prep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trialstream.core.data.DataException;
import dev.trialstream.core.data.DataFile;
import dev.trialstream.core.data.Dataset;
import dev.trialstream.core.data.DatasetLoader;
import dev.trialstream.core.data.DatasetSource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FoldPlanTest {

    @Test
    void shouldValidateEveryRowExactlyOnceWithBalancedSizes() {
        FoldPlan plan = FoldPlan.kFold(11, 3, 42);

        assertThat(plan.k()).isEqualTo(3);
        assertThat(plan.folds()).extracting(fold -> fold.valid().length).containsExactly(4, 4, 3);
        int[] timesValidated = new int[11];
        for (Fold fold : plan.folds()) {
            for (int row : fold.valid()) {
                timesValidated[row]++;
            }
            int[] complement = IntStream.range(0, 11)
                    .filter(row -> IntStream.of(fold.valid()).noneMatch(v -> v == row)).toArray();
            assertThat(fold.train()).containsExactly(complement);
            assertThat(fold.valid()).isSorted();
        }
        assertThat(timesValidated).containsOnly(1);
    }

    @Test
    void shouldRepeatForTheSameSeedOnly() {
        assertThat(FoldPlan.kFold(30, 5, 7)).isEqualTo(FoldPlan.kFold(30, 5, 7));
        assertThat(FoldPlan.kFold(30, 5, 7)).isNotEqualTo(FoldPlan.kFold(30, 5, 8));
    }

    @Test
    void shouldShuffleRowsAcrossFolds() {
        // Unshuffled 2-fold would validate rows 0..4 first; a seeded shuffle should not.
        assertThat(FoldPlan.kFold(10, 2, 1).folds().get(0).valid()).isNotEqualTo(new int[] {0, 1, 2, 3, 4});
    }

    @Test
    void shouldAllowLeaveOneOut() {
        FoldPlan plan = FoldPlan.kFold(4, 4, 3);

        assertThat(plan.folds()).allSatisfy(fold -> {
            assertThat(fold.valid()).hasSize(1);
            assertThat(fold.train()).hasSize(3);
        });
    }

    @Test
    void kFold_kTooSmall() {
        assertThatThrownBy(() -> FoldPlan.kFold(10, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("k must be in [2, 10] (the number of rows), found 1");
    }

    @Test
    void kFold_kAboveRows() {
        assertThatThrownBy(() -> FoldPlan.kFold(5, 6, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("k must be in [2, 5] (the number of rows), found 6");
    }

    @Test
    void kFold_tooFewRows() {
        assertThatThrownBy(() -> FoldPlan.kFold(1, 2, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("k-fold needs at least 2 rows, found 1");
    }

    @Test
    void plan_rowValidatedTwice() {
        List<Fold> folds = List.of(new Fold(new int[] {1, 2}, new int[] {0}), new Fold(new int[] {1, 2}, new int[] {0}));

        assertThatThrownBy(() -> new FoldPlan(3, folds))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("row 0 is validated in folds 0 and 1");
    }

    @Test
    void plan_rowNeverValidated() {
        List<Fold> folds = List.of(new Fold(new int[] {1, 2}, new int[] {0}), new Fold(new int[] {0, 2}, new int[] {1}));

        assertThatThrownBy(() -> new FoldPlan(3, folds))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("row 2 is validated in no fold");
    }

    @Test
    void plan_trainingRowAlsoValidated() {
        List<Fold> folds = List.of(new Fold(new int[] {0, 1}, new int[] {0}), new Fold(new int[] {0}, new int[] {1}));

        assertThatThrownBy(() -> new FoldPlan(2, folds))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("row 0 is both trained and validated in fold 0");
    }

    @Test
    void fold_arraysAreCopied() {
        int[] train = {1, 2};
        Fold fold = new Fold(train, new int[] {0});
        train[0] = 9;
        fold.train()[1] = 9;

        assertThat(fold.train()).containsExactly(1, 2);
    }

    private static Dataset withFolds(int... labels) {
        StringBuilder csv = new StringBuilder("x,fold,y\n");
        for (int i = 0; i < labels.length; i++) {
            csv.append(i).append(',').append(labels[i]).append(',').append(i).append('\n');
        }
        DatasetSource source = new DatasetSource("data.csv", "y", List.of(),
                new DataFile("data.csv", csv.toString().getBytes(StandardCharsets.UTF_8)), null, 0, 0, "fold");
        return new DatasetLoader().parse(source);
    }

    @Test
    void shouldValidateEachFoldOnExactlyTheRowsItsColumnNames() {
        FoldPlan plan = FoldPlan.of(withFolds(2, 0, 0, 1, 2, 0, 0), 3, 99);

        assertThat(plan.folds()).extracting(Fold::valid)
                .containsExactly(new int[] {1, 2, 5, 6}, new int[] {3}, new int[] {0, 4});
        assertThat(plan.folds().get(1).train()).containsExactly(0, 1, 2, 4, 5, 6);
        assertThat(FoldPlan.of(withFolds(2, 0, 0, 1, 2, 0, 0), 3, 1)).as("the CV seed plays no part").isEqualTo(plan);
    }

    @Test
    void shouldRefuseAFoldColumnThatDisagreesWithTheFoldCount() {
        assertThatThrownBy(() -> FoldPlan.of(withFolds(0, 1, 0, 1), 3, 0))
                .isInstanceOf(DataException.class)
                .hasMessage("fold column \"fold\" of data.csv names 2 folds [0, 1] but cv.folds is 3;"
                        + " set cv.folds (or --folds) to 2");
        assertThatThrownBy(() -> FoldPlan.of(withFolds(4, 4, 4), 2, 0))
                .hasMessageContaining("names 1 fold [4] but cv.folds is 2");
    }

    @Test
    void shouldDrawFoldsWithTheSeedWhenTheDataNamesNone() {
        Dataset dataset = new DatasetLoader().parse(new DatasetSource("data.csv", "y", List.of(),
                new DataFile("data.csv", "x,y\n1,1\n2,2\n3,3\n4,4\n".getBytes(StandardCharsets.UTF_8)), null, 0, 0));

        assertThat(FoldPlan.of(dataset, 2, 5)).isEqualTo(FoldPlan.kFold(4, 2, 5));
    }

    @Test
    void foldsAboveOneTrainingRow_suggestMoreData_notAFoldCountThatCannotWork() {
        Dataset oneTrainingRow = new DatasetLoader().parse(new DatasetSource("two.csv", "y", List.of(),
                new DataFile("two.csv", "x,y\n1,1\n2,2\n".getBytes(StandardCharsets.UTF_8)), null, 0.5, 42));

        assertThatThrownBy(() -> FoldPlan.of(oneTrainingRow, 2, 0))
                .isInstanceOf(DataException.class)
                .hasMessage("cv.folds (--folds) is 2 but two.csv has 1 training row (2 rows, 1 row held out as the"
                        + " test split): k-fold CV needs at least one validation row per fold; use more data");
    }
}
