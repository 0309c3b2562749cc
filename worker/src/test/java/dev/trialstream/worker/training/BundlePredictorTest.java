package dev.trialstream.worker.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trialstream.core.bundle.ModelBundle;
import dev.trialstream.core.data.CsvTableReader;
import dev.trialstream.core.data.Dataset;
import dev.trialstream.core.data.Table;
import dev.trialstream.core.metrics.RegressionMetrics;
import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.prep.PrepOptions;
import dev.trialstream.core.testing.SyntheticData;
import dev.trialstream.worker.dl4j.Dl4jTrainer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A bundle whose network is damaged: bad input naming the bundle and the network, not the engine's words. */
class BundlePredictorTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC);

    private final Dl4jTrainer dl4j = new Dl4jTrainer();

    private ModelBundle bundleOfTwo() {
        Dataset dataset = SyntheticData.linearDataset(40, 10, 2, 0.1, 1);
        Hyperparameters params = Hyperparameters.fromMap(Map.of("hiddenLayers", 1, "neurons", 4));
        return new FinalFitter(dl4j, CLOCK).fit(dataset, PrepOptions.DEFAULTS, params, 1, 2, 2,
                FinalFitter.Origin.standalone(1.0));
    }

    private static ModelBundle withSecondNetwork(ModelBundle bundle, byte[] network) {
        List<byte[]> models = new ArrayList<>(bundle.models());
        models.set(1, network);
        return new ModelBundle(bundle.info(), models);
    }

    @Test
    void predictor_truncatedNetworkNamesTheBundleAndTheNetwork() {
        ModelBundle bundle = bundleOfTwo();
        byte[] network = bundle.models().get(1);
        ModelBundle damaged = withSecondNetwork(bundle, Arrays.copyOf(network, network.length / 2));

        assertThatThrownBy(() -> new BundlePredictor(dl4j, "--model m.zip", damaged))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--model m.zip: its network model-1.zip (2 of 2) cannot be loaded: "
                        + "the bundle is truncated or corrupt (");
    }

    @Test
    void predictor_networkThatIsNoModelNamesTheBundleAndTheNetwork() {
        ModelBundle damaged = withSecondNetwork(bundleOfTwo(), "not a network".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> new BundlePredictor(dl4j, "--model m.zip", damaged))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--model m.zip: its network model-1.zip (2 of 2) cannot be loaded: "
                        + "the bundle is truncated or corrupt (");
    }

    @Test
    void score_leavesOutRowsWithoutATargetAndNamesTheirLines() {
        ModelBundle bundle = bundleOfTwo();
        BundlePredictor predictor = new BundlePredictor(dl4j, bundle);
        String csv = "x1,x2,y\n1,2,3\n2,1,\n0,1,2\n1,1,NaN\n2,2,4\n";
        Table table = new CsvTableReader().read("t.csv", csv.getBytes(StandardCharsets.UTF_8),
                bundle.info().preprocessing().columnRules());
        double[] predictions = predictor.predict(table);

        RegressionMetrics scored = predictor.score(table, predictions).orElseThrow();

        assertThat(predictions).hasSize(5).doesNotContain(Double.NaN);
        assertThat(scored.n()).isEqualTo(3);
        assertThat(scored.mse()).isCloseTo(RegressionMetrics.of(new double[] {3, 2, 4},
                new double[] {predictions[0], predictions[2], predictions[4]}).mse(), within(1e-12));
        assertThat(predictor.linesWithoutTarget(table)).containsExactly(3, 5);
    }
}
