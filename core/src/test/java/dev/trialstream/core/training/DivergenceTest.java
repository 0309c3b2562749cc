package dev.trialstream.core.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DivergenceTest {

    @Test
    void check_nonFiniteMseDiverges() {
        assertThat(Divergence.check(new double[] {1, Double.NaN}, new double[] {1, 1}))
                .hasValue("validation MSE of fold 2 is NaN");
    }

    @Test
    void check_mseFarAboveTheTargetsVarianceDiverges() {
        assertThat(Divergence.check(new double[] {8.97e15}, new double[] {84.4}))
                .hasValue("validation MSE of fold 1 is 8.97e+15, over 1e+06 × its targets' variance 84.40");
    }

    @Test
    void check_poorButBoundedMseDoesNot() {
        assertThat(Divergence.check(new double[] {84.4 * 999_999}, new double[] {84.4})).isEmpty();
    }

    @Test
    void check_constantTargetsOnlyFailOnNonFinite() {
        assertThat(Divergence.check(new double[] {1e30}, new double[] {0})).isEmpty();
    }

    @Test
    void ofTraining_judgesAFinalFitByTheSameRule() {
        assertThat(Divergence.ofTraining(Double.NaN, 1)).hasValue("training MSE is NaN");
        assertThat(Divergence.ofTraining(2e6, 1)).hasValue("training MSE is 2.00e+06, over 1e+06 × its targets' variance 1.000");
        assertThat(Divergence.ofTraining(0.2, 1)).isEmpty();
    }
}
