package dev.trialstream.core.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.core.prep.Matrix;
import org.junit.jupiter.api.Test;

class RawTargetScaleTest {

    /** A fold whose four targets (two training, two validation) are the given ones. */
    private static FoldData fold(float a, float b, float c, float d) {
        return new FoldData(Matrix.zeros(2, 1), new float[] {a, b}, Matrix.zeros(2, 1), new float[] {c, d}, 1);
    }

    @Test
    void of_aRawTargetInTheMillions_givesItsMeanAndStandardDeviationOverEveryRow() {
        assertThat(RawTargetScale.of(false, fold(1_000_000, 3_000_000, 1_000_000, 3_000_000)))
                .hasValue(new RawTargetScale(2_000_000, 1_000_000));
    }

    @Test
    void of_aStandardizedTarget_orARawOneOfSmallScale_isEmpty() {
        assertThat(RawTargetScale.of(true, fold(1_000_000, 3_000_000, 1_000_000, 3_000_000))).isEmpty();
        // Boston's medv: mean 22.5, standard deviation 9.2, trains raw without trouble.
        assertThat(RawTargetScale.of(false, fold(13, 32, 20, 25))).isEmpty();
    }

    @Test
    void of_aLargeMeanAlone_isLarge() {
        assertThat(RawTargetScale.of(false, fold(5000, 5001, 5000, 5001))).isPresent();
    }

    @Test
    void of_aSplitsTargets_skipsThoseNotFinite_andIsEmptyWhenStandardizedOrSmall() {
        assertThat(RawTargetScale.of(false, new double[] {1e6, Double.NaN, 3e6}))
                .hasValue(new RawTargetScale(2e6, 1e6));
        assertThat(RawTargetScale.of(true, new double[] {1e6, 3e6})).isEmpty();
        assertThat(RawTargetScale.of(false, new double[] {13, 32})).isEmpty();
        assertThat(RawTargetScale.of(false, new double[] {Double.NaN})).isEmpty();
    }

    @Test
    void note_namesTheTargetTheSettingAndTheScale() {
        assertThat(new RawTargetScale(1.5e6, 3.97e5).note("price")).isEqualTo("the target \"price\" is not"
                + " standardized (--no-standardize-target, or training.standardizeTarget: false) and its standard"
                + " deviation is 3.97e+05 (mean 1.50e+06): networks train badly on a target that far from unit scale,"
                + " and trials may diverge; standardize it (the default) unless you mean this");
    }

    @Test
    void likelyCause_namesTheFlagTheSpecFieldAndTheScale() {
        assertThat(new RawTargetScale(1.5e6, 3.97e5).likelyCause()).isEqualTo("likely cause: the target is not"
                + " standardized (--no-standardize-target, or training.standardizeTarget: false) and its standard"
                + " deviation is 3.97e+05 (mean 1.50e+06): errors of that scale blow up the gradients;"
                + " standardize the target (the default)");
    }
}
