package dev.trialstream.worker.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.core.data.DataFile;
import dev.trialstream.core.data.Dataset;
import dev.trialstream.core.data.DatasetLoader;
import dev.trialstream.core.data.DatasetSource;
import dev.trialstream.core.training.CvPlan;
import dev.trialstream.core.training.FoldData;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The folds a worker trains on: drawn with the CV seed, or as the data's fold column names them. */
class CrossValidatorTest {

    private static final String CSV = "x,fold,y\n" + "1,0,10\n2,1,20\n3,0,30\n4,2,40\n5,0,50\n6,1,60\n";
    private static final CvPlan THREE_FOLDS = new CvPlan(3, 0, 1, 0, false);

    private static Dataset dataset(String foldColumn) {
        return new DatasetLoader().parse(new DatasetSource("data.csv", "y", List.of(),
                new DataFile("data.csv", CSV.getBytes(StandardCharsets.UTF_8)), null, 0, 0, foldColumn));
    }

    private static List<List<Float>> validationTargets(List<FoldData> folds) {
        return folds.stream().map(fold -> {
            List<Float> targets = new java.util.ArrayList<>();
            for (float y : fold.validY()) {
                targets.add(y);
            }
            return targets;
        }).toList();
    }

    @Test
    void shouldValidateOnTheRowsTheFoldColumnNamesWithoutUsingItAsAFeature() {
        List<FoldData> folds = new CrossValidator(null).folds(dataset("fold"), THREE_FOLDS);

        assertThat(validationTargets(folds)).containsExactly(List.of(10f, 30f, 50f), List.of(20f, 60f), List.of(40f));
        assertThat(folds).allSatisfy(fold -> assertThat(fold.trainX().cols()).as("x only").isEqualTo(1));
    }

    @Test
    void shouldNotServeFoldsPreparedForAnotherReadingOfTheSameBytes() {
        CrossValidator validator = new CrossValidator(null);

        List<FoldData> drawn = validator.folds(dataset(null), THREE_FOLDS);
        List<FoldData> given = validator.folds(dataset("fold"), THREE_FOLDS);

        assertThat(drawn).allSatisfy(fold -> assertThat(fold.trainX().cols()).as("x and fold").isEqualTo(2));
        assertThat(drawn).extracting(fold -> fold.validY().length).containsExactly(2, 2, 2);
        assertThat(validationTargets(given)).containsExactly(List.of(10f, 30f, 50f), List.of(20f, 60f), List.of(40f));
    }
}
