package dev.trialstream.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class RegressionMetricsTest {

    @Test
    void of_scoresPredictionsInTheirUnits() {
        RegressionMetrics m = RegressionMetrics.of(new double[] {1, 2, 3, 4}, new double[] {2, 2, 3, 2});

        assertThat(m.n()).isEqualTo(4);
        assertThat(m.mse()).isEqualTo(1.25);
        assertThat(m.rmse()).isCloseTo(Math.sqrt(1.25), within(1e-12));
        assertThat(m.mae()).isEqualTo(0.75);
        assertThat(m.r2()).isCloseTo(1 - 5.0 / 5.0, within(1e-12));
    }

    @Test
    void meanOverFolds_averagesEachScoreAndAddsTheRows() {
        RegressionMetrics a = new RegressionMetrics(10, 4, 2, 1.5, 0.8);
        RegressionMetrics b = new RegressionMetrics(12, 16, 4, 3.5, 0.4);

        RegressionMetrics cv = RegressionMetrics.meanOverFolds(List.of(a, b));

        assertThat(cv).isEqualTo(new RegressionMetrics(22, 10, 3, 2.5, 0.6000000000000001));
        // The mean of fold RMSEs, not the root of the mean MSE (sqrt(10) = 3.16), as cross_validate reports it.
        assertThat(cv.rmse()).isNotCloseTo(Math.sqrt(cv.mse()), within(0.1));
    }

    @Test
    void meanOverFolds_ofNothingIsNone() {
        assertThat(RegressionMetrics.meanOverFolds(List.of())).isEqualTo(RegressionMetrics.none());
        assertThat(RegressionMetrics.none().n()).isZero();
        assertThat(RegressionMetrics.none().mae()).isNaN();
    }
}
