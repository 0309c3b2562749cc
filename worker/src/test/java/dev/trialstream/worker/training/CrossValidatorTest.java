package dev.trialstream.worker.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trialstream.core.data.DataFile;
import dev.trialstream.core.data.Dataset;
import dev.trialstream.core.data.DatasetLoader;
import dev.trialstream.core.data.DatasetSource;
import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.training.CvJob;
import dev.trialstream.core.training.CvPlan;
import dev.trialstream.core.training.CvOnlyTrainer;
import dev.trialstream.core.training.CvResult;
import dev.trialstream.core.training.EpochListener;
import dev.trialstream.core.training.FoldData;
import dev.trialstream.core.training.Trainer;
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

    /** A trainer whose networks do not fit the heap. */
    private static final Trainer OUT_OF_MEMORY = new CvOnlyTrainer() {
        @Override
        public CvResult crossValidate(CvJob job, EpochListener listener) {
            throw new OutOfMemoryError("Java heap space");
        }
    };

    @Test
    void aNetworkTooLargeForTheHeap_isAnErrorNamingItsSize_andATakeOfSeveralIsLeftToTheSlotToSplit() {
        CrossValidator validator = new CrossValidator(OUT_OF_MEMORY);
        Hyperparameters big = Hyperparameters.fromMap(java.util.Map.of("hiddenLayers", 2, "neurons", 20000));

        assertThatThrownBy(() -> validator.run(dataset(null), THREE_FOLDS, big, 1, EpochListener.CONTINUE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("out of memory (Java heap space): 3 folds of a network of hiddenLayers 2 x "
                        + "neurons 20000, trained together, do not fit this JVM's heap (at most ")
                .hasMessageEndingWith("GiB): use fewer neurons or hidden layers, or give Java more heap (-Xmx, "
                        + "TRIALSTREAM_JAVA_OPTS)");
        assertThatThrownBy(() -> validator.runPack(dataset(null), THREE_FOLDS,
                List.of(new CrossValidator.Member(big, 1)), List.of(EpochListener.CONTINUE)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> validator.runPack(dataset(null), THREE_FOLDS,
                List.of(new CrossValidator.Member(big, 1), new CrossValidator.Member(big, 2)),
                List.of(EpochListener.CONTINUE, EpochListener.CONTINUE)))
                .isInstanceOf(OutOfMemoryError.class);
    }
}
