package dev.trialstream.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.core.metrics.RegressionMetrics;
import org.junit.jupiter.api.Test;

class FiguresTest {

    @Test
    void number_goesScientificFromAMillionOn_soDollarMsesKeepTheirColumns() {
        assertThat(Figures.number(3_984_410_152.2302, 4)).isEqualTo("3.9844e+09");
        assertThat(Figures.number(999_999.5, 4)).isEqualTo("999999.5000");
        assertThat(Figures.number(Double.NaN, 4)).isEqualTo("-");
    }

    @Test
    void scores_writesEachMetricTheSameWay() {
        RegressionMetrics dollars = new RegressionMetrics(60, 7_512_477_257.0679, 86_674.5479, 63_035.3267, 0.4615);

        assertThat(Figures.scores(dollars)).isEqualTo("mse 7.5125e+09  rmse 86674.5479  mae 63035.3267  r2 0.4615");
    }
}
