package dev.trialstream.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.trialstream.core.data.CsvTableReader;
import dev.trialstream.core.data.Dataset;
import dev.trialstream.core.data.Table;
import dev.trialstream.core.training.FoldData;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticDataTest {

    @Test
    void shouldFollowTheLinearModelExactlyWithoutNoise() {
        Table table = SyntheticData.linearTable(50, 3, 0, 9);
        double[] w = SyntheticData.linearWeights(3, 9);

        for (int row = 0; row < 50; row++) {
            double predicted = SyntheticData.BIAS + w[0] * table.numeric("x1").get(row)
                    + w[1] * table.numeric("x2").get(row) + w[2] * table.numeric("x3").get(row);
            assertThat(table.numeric("y").get(row)).isCloseTo(predicted, within(1e-9));
        }
    }

    @Test
    void shouldRepeatForTheSameSeed() {
        assertThat(SyntheticData.linearCsv(20, 2, 0.5, 3)).isEqualTo(SyntheticData.linearCsv(20, 2, 0.5, 3));
        assertThat(SyntheticData.linearCsv(20, 2, 0.5, 3)).isNotEqualTo(SyntheticData.linearCsv(20, 2, 0.5, 4));
    }

    @Test
    void shouldWriteCsvThatReadsBackIdentically() {
        Table table = SyntheticData.linearTable(25, 2, 0.3, 1);

        Table back = new CsvTableReader().read(table.source(),
                SyntheticData.toCsv(table).getBytes(StandardCharsets.UTF_8), List.of());

        assertThat(back.columns()).isEqualTo(table.columns());
    }

    @Test
    void shouldBuildDatasetsAndFolds() {
        Dataset dataset = SyntheticData.linearDataset(40, 10, 2, 0.1, 5);
        List<FoldData> folds = SyntheticData.linearFolds(30, 4, 3, 5);
        FoldData single = SyntheticData.linearFoldData(20, 5, 3, 5);

        assertThat(dataset.train().rows()).isEqualTo(40);
        assertThat(dataset.test().rows()).isEqualTo(10);
        assertThat(dataset.test().source()).isEqualTo("synthetic-test.csv");
        assertThat(folds).hasSize(3).extracting(FoldData::features).containsOnly(4);
        assertThat(single.trainX().rows()).isEqualTo(20);
        assertThat(single.validY()).hasSize(5);
    }
}
