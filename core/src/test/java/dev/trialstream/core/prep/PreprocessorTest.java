package dev.trialstream.core.prep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trialstream.core.data.ColumnKind;
import dev.trialstream.core.data.CsvTableReader;
import dev.trialstream.core.data.CategoricalColumn;
import dev.trialstream.core.data.DataException;
import dev.trialstream.core.data.Table;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreprocessorTest {

    /** Rows 0-3 are the fitted rows in most tests; row 4 plays an unseen validation row. */
    private static final String CSV = "a,c,y\n"
            + "1,red,10\n"
            + "3,blue,20\n"
            + "NA,red,30\n"
            + "8,,40\n"
            + "100,green,50\n";
    private static final int[] FIT_ROWS = {0, 1, 2, 3};

    private final CsvTableReader reader = new CsvTableReader();
    private final Preprocessor preprocessor = new Preprocessor(PrepOptions.DEFAULTS);

    private Table table(String name, String csv) {
        return reader.read(name, csv.getBytes(StandardCharsets.UTF_8), List.of());
    }

    @Test
    void shouldFitImputationAndScalingOnGivenRowsOnly() {
        FittedPreprocessing fitted = preprocessor.fit(table("t.csv", CSV), "y", FIT_ROWS);

        // a: median of 1, 3, 8 is 3; after imputing the NA: 1, 3, 3, 8.
        double mean = (1 + 3 + 3 + 8) / 4.0;
        double std = Math.sqrt((Math.pow(1 - mean, 2) + 2 * Math.pow(3 - mean, 2) + Math.pow(8 - mean, 2)) / 4);
        assertThat(fitted.features().get(0)).isEqualTo(new NumericFeature("a", 3, mean, std));
        // c: red twice, blue once; green only in row 4, so it pads but is not in the vocabulary.
        assertThat(fitted.features().get(1))
                .isEqualTo(new CategoricalFeature("c", List.of("blue", "red"), List.of("green"), "red"));
        assertThat(fitted.targetMean()).isEqualTo(25.0);
        assertThat(fitted.targetStd()).isEqualTo(Math.sqrt((225 + 25 + 25 + 225) / 4.0));
        assertThat(fitted.featureNames()).containsExactly("a", "c=blue", "c=green", "c=red");
        assertThat(fitted.width()).isEqualTo(4);
    }

    @Test
    void unusedColumns_areThoseNeitherAFeatureNorTheTarget_inTheFilesOrder() {
        FittedPreprocessing fitted = preprocessor.fit(table("t.csv", CSV), "y", FIT_ROWS);
        Table withExtras = table("new.csv", "id,a,y,c,note\n1,2,3,red,x\n");
        Table withoutTarget = table("new.csv", "a,c\n2,red\n");

        assertThat(fitted.unusedColumns(withExtras)).containsExactly("id", "note");
        assertThat(fitted.unusedColumns(withoutTarget)).isEmpty();
    }

    @Test
    void shouldEncodeImputedStandardizedAndOneHotValues() {
        Table table = table("t.csv", CSV);
        FittedPreprocessing fitted = preprocessor.fit(table, "y", FIT_ROWS);
        NumericFeature a = (NumericFeature) fitted.features().get(0);

        Matrix x = fitted.features(table);

        assertThat(x.rows()).isEqualTo(5);
        assertThat(x.row(0)).containsExactly((float) ((1 - a.mean()) / a.std()), 0f, 0f, 1f);
        assertThat(x.row(1)).containsExactly((float) ((3 - a.mean()) / a.std()), 1f, 0f, 0f);
        // Missing a → median 3; missing c → most frequent "red".
        assertThat(x.row(2)[0]).isEqualTo((float) ((3 - a.mean()) / a.std()));
        assertThat(x.row(3)).containsExactly((float) ((8 - a.mean()) / a.std()), 0f, 0f, 1f);
        // "green" was never in the fitted rows: all zeros, even in its own padding column.
        assertThat(x.row(4)).containsExactly((float) ((100 - a.mean()) / a.std()), 0f, 0f, 0f);
    }

    @Test
    void shouldScaleAndUnscaleTarget() {
        Table table = table("t.csv", CSV);
        FittedPreprocessing fitted = preprocessor.fit(table, "y", FIT_ROWS);

        float[] y = fitted.target(table, new int[] {0, 4});

        double std = Math.sqrt(125);
        assertThat(y).containsExactly((float) (-15 / std), (float) (25 / std));
        assertThat(fitted.targetScale()).isEqualTo(std);
        assertThat(fitted.unscaleTarget(y[1])).isCloseTo(50.0, within(1e-5));
        assertThat(fitted.unscaleTargets(new float[] {0f, 1f})).containsExactly(25.0, 25.0 + std);
    }

    @Test
    void shouldLeaveTargetInItsUnitsWhenNotStandardized() {
        Table table = table("t.csv", CSV);
        FittedPreprocessing fitted = new Preprocessor(new PrepOptions(false)).fit(table, "y", FIT_ROWS);

        assertThat(fitted.targetMean()).isZero();
        assertThat(fitted.targetScale()).isEqualTo(1.0);
        assertThat(fitted.target(table)).containsExactly(10f, 20f, 30f, 40f, 50f);
        assertThat(fitted.unscaleTarget(7.5)).isEqualTo(7.5);
    }

    @Test
    void shouldUseStdOneForConstantColumns() {
        FittedPreprocessing fitted = preprocessor.fit(table("t.csv", "k,y\n5,1\n5,1\n"), "y", new int[] {0, 1});

        assertThat(fitted.features().get(0)).isEqualTo(new NumericFeature("k", 5, 5, 1));
        assertThat(fitted.targetStd()).isEqualTo(1.0);
    }

    @Test
    void shouldImputeZeroWhenFittedRowsHaveNoValue() {
        Table table = table("t.csv", "k,c,y\nNA,,1\n4,a,2\n");

        FittedPreprocessing fitted = preprocessor.fit(table, "y", new int[] {0});

        assertThat(fitted.features()).containsExactly(new NumericFeature("k", 0, 0, 1),
                new CategoricalFeature("c", List.of(), List.of("a"), null));
        assertThat(fitted.features(table).row(1)).containsExactly(4f, 0f);
    }

    @Test
    void shouldEncodeUnseenCategoryOfNewRowsAsZeros() {
        Table table = table("t.csv", CSV);
        FittedPreprocessing fitted = preprocessor.fit(table, "y", table.allRows());
        Table fresh = reader.read("new.csv", "c,a\npurple,2\nblue,2\n".getBytes(StandardCharsets.UTF_8),
                fitted.columnRules());

        Matrix x = fitted.features(fresh);

        assertThat(fitted.featureNames()).containsExactly("a", "c=blue", "c=green", "c=red");
        assertThat(x.row(0)).endsWith(0f, 0f, 0f);
        assertThat(x.row(1)).endsWith(1f, 0f, 0f);
    }

    @Test
    void newRows_missingFeatureColumn() {
        FittedPreprocessing fitted = preprocessor.fit(table("t.csv", CSV), "y", FIT_ROWS);
        Table fresh = table("new.csv", "c,y\nred,1\n");

        assertThatThrownBy(() -> fitted.features(fresh))
                .isInstanceOf(DataException.class)
                .hasMessage("column \"a\" is required by the model but not found in new.csv; columns: c, y");
        assertThatThrownBy(() -> reader.read("new.csv", "c,y\nred,1\n".getBytes(StandardCharsets.UTF_8),
                fitted.columnRules()))
                .isInstanceOf(DataException.class)
                .hasMessage("numeric column \"a\" not found in new.csv: the model was trained on it; columns: c, y");
    }

    @Test
    void newRows_targetIsOptionalUntilAskedFor() {
        FittedPreprocessing fitted = preprocessor.fit(table("t.csv", CSV), "y", FIT_ROWS);
        Table fresh = table("new.csv", "a,c\n1,red\n");

        assertThat(fitted.features(fresh).rows()).isEqualTo(1);
        assertThatThrownBy(() -> fitted.target(fresh))
                .isInstanceOf(DataException.class)
                .hasMessage("target column \"y\" not found in new.csv; columns: a, c");
    }

    @Test
    void newRows_categoricalColumnReadAsNumbers() {
        FittedPreprocessing fitted = preprocessor.fit(table("t.csv", CSV), "y", FIT_ROWS);
        Table fresh = table("new.csv", "a,c\n1,2\n");

        assertThat(fitted.columnKinds()).containsExactly(
                Map.entry("a", ColumnKind.NUMERIC), Map.entry("c", ColumnKind.CATEGORICAL));
        assertThatThrownBy(() -> fitted.features(fresh))
                .isInstanceOf(DataException.class)
                .hasMessage("column \"c\" of new.csv was read as numbers, but the model treats it as categorical;"
                        + " read the file with the model's column kinds");
    }

    @Test
    void fit_missingTargetValue() {
        Table withGap = table("g.csv", "a,y\n1,2\n3,NA\n");
        assertThatThrownBy(() -> preprocessor.fit(withGap, "y", new int[] {0, 1}))
                .isInstanceOf(DataException.class)
                .hasMessage("file g.csv, line 3, target column \"y\": the value is missing");
    }

    @Test
    void fit_unknownTarget() {
        assertThatThrownBy(() -> preprocessor.fit(table("t.csv", CSV), "price", FIT_ROWS))
                .isInstanceOf(DataException.class)
                .hasMessage("target column \"price\" not found in t.csv; columns: a, c, y");
    }

    @Test
    void fit_noRows() {
        assertThatThrownBy(() -> preprocessor.fit(table("t.csv", CSV), "y", new int[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot fit preprocessing of t.csv on 0 rows");
    }

    @Test
    void fit_tooManyCategories() {
        StringBuilder csv = new StringBuilder("id,y\n");
        for (int i = 0; i <= CategoricalColumn.MAX_CATEGORIES; i++) {
            csv.append("u").append(1000 + i).append(",1\n");
        }

        assertThatThrownBy(() -> preprocessor.fit(table("ids.csv", csv.toString()), "y", new int[] {0}))
                .isInstanceOf(DataException.class)
                .hasMessage("column \"id\" of ids.csv has 1001 distinct categories, more than 1000 a one-hot"
                        + " encoding allows; is it an id or free text? (first: \"u1000\")");
    }

    @Test
    void categorical_imputeValueOutsideVocabulary() {
        assertThatThrownBy(() -> new CategoricalFeature("c", List.of("a", "b"), List.of(), "z"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("feature \"c\": imputeValue \"z\" is not in the vocabulary [a, b]");
    }

    @Test
    void categorical_unsortedVocabulary() {
        assertThatThrownBy(() -> new CategoricalFeature("c", List.of("b", "a"), List.of(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("feature \"c\": vocabulary must be sorted and distinct, found \"b\" before \"a\"");
    }

    @Test
    void numeric_zeroStd() {
        assertThatThrownBy(() -> new NumericFeature("a", 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("feature \"a\": std must be > 0, found 0.0");
    }
}
