package dev.trialstream.worker.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trialstream.core.bundle.ModelBundle;
import dev.trialstream.core.data.DataFile;
import dev.trialstream.core.data.Dataset;
import dev.trialstream.core.data.DatasetLoader;
import dev.trialstream.core.data.DatasetSource;
import dev.trialstream.core.message.FinalFitMember;
import dev.trialstream.core.metrics.RegressionMetrics;
import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.prep.Matrix;
import dev.trialstream.core.prep.PrepOptions;
import dev.trialstream.core.testing.SyntheticData;
import dev.trialstream.core.training.CvJob;
import dev.trialstream.core.training.CvResult;
import dev.trialstream.core.training.EpochListener;
import dev.trialstream.core.training.FinalFitJob;
import dev.trialstream.core.training.FittedModel;
import dev.trialstream.core.training.ForwardingTrainer;
import dev.trialstream.core.training.Trainer;
import dev.trialstream.worker.dl4j.Dl4jTrainer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An ensemble's final fit: its networks stacked where their shapes allow, the same bundle as fitted one by one. */
class FinalFitterTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC);
    private static final int MODELS = 3;

    private final Dataset dataset = SyntheticData.linearDataset(120, 40, 4, 0.5, 3);
    private final Dl4jTrainer dl4j = new Dl4jTrainer();

    private static Hyperparameters params(String optimizer, int batchSize, double learningRate, double dropout) {
        return Hyperparameters.fromMap(Map.of("hiddenLayers", 2, "neurons", 16, "batchSize", batchSize,
                "activation", "relu", "optimizer", optimizer, "learningRate", learningRate, "dropout", dropout));
    }

    /**
     * Three members as a search selects them: two that share a shape (they stack, six networks in
     * one pack, the shorter-trained leaving it early) and one of another optimizer.
     */
    private static List<FinalFitMember> ensemble() {
        return List.of(new FinalFitMember("s-1-t0003", params("rmsprop", 16, 0.003, 0.1), 103, 9, 0.5),
                new FinalFitMember("s-1-t0001", params("adam", 16, 0.01, 0), 101, 8, 0.25),
                new FinalFitMember("s-1-t0007", params("rmsprop", 16, 0.006, 0), 107, 6, 0.25));
    }

    private ModelBundle fit(Trainer trainer) {
        List<FinalFitMember> members = ensemble();
        return new FinalFitter(trainer, CLOCK).fitEnsemble(dataset, PrepOptions.DEFAULTS, members, members.get(0),
                MODELS, new FinalFitter.Origin("s-1", "s-1-t0003"));
    }

    @Test
    void fitEnsemble_handsEveryNetworkToTheTrainerInOneCall() {
        RecordingTrainer recording = new RecordingTrainer(dl4j, true);

        fit(recording);

        assertThat(recording.packs).hasSize(1);
        assertThat(recording.packs.get(0)).extracting(FinalFitJob::seed)
                .containsExactly(103L, 104L, 105L, 101L, 102L, 103L, 107L, 108L, 109L);
        assertThat(recording.packs.get(0)).extracting(FinalFitJob::epochs).containsExactly(9, 9, 9, 8, 8, 8, 6, 6, 6);
    }

    @Test
    void fitEnsemble_stackedGivesTheBundleFittedOneByOne() throws IOException {
        ModelBundle packed = fit(dl4j);
        ModelBundle serial = fit(new RecordingTrainer(dl4j, false));

        assertThat(packed.models()).hasSize(9);
        BundlePredictor packedPredictor = new BundlePredictor(dl4j, ModelBundle.fromBytes("packed", packed.toBytes()));
        BundlePredictor serialPredictor = new BundlePredictor(dl4j, ModelBundle.fromBytes("serial", serial.toBytes()));
        double[] truth = dataset.test().numeric(dataset.target()).values();
        double[] predicted = packedPredictor.predict(dataset.test());
        assertThat(predicted).containsExactly(serialPredictor.predict(dataset.test()), within(1e-4));
        // Each member's own predictions too, not only their weighted mean.
        Map<String, double[]> packedMembers = packedPredictor.memberPredictions(dataset.test());
        Map<String, double[]> serialMembers = serialPredictor.memberPredictions(dataset.test());
        assertThat(packedMembers.keySet()).containsExactly("s-1-t0003", "s-1-t0001", "s-1-t0007");
        for (String member : packedMembers.keySet()) {
            assertThat(packedMembers.get(member)).as(member).containsExactly(serialMembers.get(member), within(1e-4));
        }
        // The saved bundle predicts what its recorded test score says, and the scores match.
        RegressionMetrics reloaded = RegressionMetrics.of(truth, predicted);
        assertThat(reloaded.mae()).isCloseTo(packed.info().test().mae(), within(1e-4));
        assertThat(packed.info().test().mae()).isCloseTo(serial.info().test().mae(), within(1e-4));
        assertThat(packed.info().memberTests()).hasSize(9);
        for (int n = 0; n < 9; n++) {
            assertThat(packed.info().memberTests().get(n).mse()).as("network " + n)
                    .isCloseTo(serial.info().memberTests().get(n).mse(), within(1e-4));
        }
        // A trained, not a degenerate, ensemble: far better than predicting the mean.
        assertThat(packed.info().test().r2()).isGreaterThan(0.8);
    }

    @Test
    void fitEnsemble_leavesOutAMemberWhoseNetworksDivergeAndRescalesTheOthers() throws IOException {
        // Plain SGD at a learning rate of 1000 blows up within an epoch, whatever the seed.
        FinalFitMember diverging = new FinalFitMember("s-1-t0008", params("sgd", 16, 1000, 0), 108, 9, 0.25);
        List<FinalFitMember> members = List.of(ensemble().get(0), ensemble().get(1), diverging);

        ModelBundle bundle = new FinalFitter(dl4j, CLOCK).fitEnsemble(dataset, PrepOptions.DEFAULTS, members,
                members.get(0), MODELS, new FinalFitter.Origin("s-1", "s-1-t0003"));

        assertThat(bundle.info().members()).extracting(m -> m.trialId()).containsExactly("s-1-t0003", "s-1-t0001");
        assertThat(bundle.info().members()).extracting(m -> m.weight())
                .containsExactly(0.5 / 0.75, 0.25 / 0.75);
        assertThat(bundle.models()).hasSize(6);
        assertThat(bundle.info().models()).isEqualTo(6);
        assertThat(bundle.info().leftOut()).hasSize(4);
        assertThat(bundle.info().leftOut().get(0))
                .startsWith("trial s-1-t0008, network seed 108: training MSE is ")
                .endsWith(" after 9 epochs (learning rate 1000.0 with sgd)");
        assertThat(bundle.info().leftOut().get(3)).isEqualTo("trial s-1-t0008 left out of the ensemble (weight 0.25):"
                + " none of its networks is usable; the other members' weights rescaled to sum to 1");
        // What is left predicts finite numbers, and what the bundle says it scored.
        assertThat(bundle.info().test().r2()).isGreaterThan(0.8);
        double[] predicted = new BundlePredictor(dl4j, ModelBundle.fromBytes("b", bundle.toBytes())).predict(dataset.test());
        assertThat(RegressionMetrics.of(dataset.test().numeric(dataset.target()).values(), predicted).mae())
                .isCloseTo(bundle.info().test().mae(), within(1e-4));
        assertThat(ModelBundle.fromBytes("b", bundle.toBytes()).info().leftOut()).isEqualTo(bundle.info().leftOut());
    }

    @Test
    void fitEnsemble_averagesAMembersNetworksThatDidNotDiverge() {
        // The second network of the first member comes out NaN; its other two stay, and so does the member.
        ModelBundle bundle = fit(new PoisoningTrainer(dl4j, 1));

        assertThat(bundle.info().members()).extracting(m -> m.models()).containsExactly(2, 3, 3);
        assertThat(bundle.info().members()).extracting(m -> m.weight()).containsExactly(0.5, 0.25, 0.25);
        assertThat(bundle.info().leftOut()).containsExactly(
                "trial s-1-t0003, network seed 104: training MSE is NaN after 9 epochs (learning rate 0.003 with rmsprop)");
        assertThat(bundle.info().memberTests()).hasSize(8).allSatisfy(t -> assertThat(t.mae()).isFinite());
        assertThat(bundle.info().test().r2()).isGreaterThan(0.8);
    }

    @Test
    void fit_failsNamingWhyWhenEveryNetworkDiverges() {
        FinalFitter fitter = new FinalFitter(dl4j, CLOCK);

        assertThatThrownBy(() -> fitter.fit(dataset, PrepOptions.DEFAULTS, params("sgd", 16, 1000, 0), 5, 4, 2,
                FinalFitter.Origin.standalone(Double.NaN)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("every network of the final fit diverged: network seed 5: training MSE is ")
                .hasMessageContaining("; network seed 6: training MSE is ")
                .hasMessageEndingWith(" after 4 epochs (learning rate 1000.0 with sgd)");
    }

    @Test
    void fit_rawTargetInTheMillionsThatDiverges_namesTheTargetsScaleAsTheLikelyCause() {
        // The synthetic target (about 80 ± 10) times 100,000, trained unstandardized.
        List<String> lines = SyntheticData.linearCsv(120, 4, 0.5, 3).lines().toList();
        StringBuilder csv = new StringBuilder(lines.get(0)).append('\n');
        for (String line : lines.subList(1, lines.size())) {
            int comma = line.lastIndexOf(',');
            csv.append(line, 0, comma + 1).append(Double.parseDouble(line.substring(comma + 1)) * 100_000).append('\n');
        }
        Dataset prices = new DatasetLoader().parse(new DatasetSource("prices", "y", List.of(),
                DataFile.ofText("prices.csv", csv.toString()), null, 0, 3));
        FinalFitter fitter = new FinalFitter(dl4j, CLOCK);

        assertThatThrownBy(() -> fitter.fit(prices, new PrepOptions(false), params("sgd", 16, 0.01, 0), 5, 4, 1,
                FinalFitter.Origin.standalone(Double.NaN)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("every network of the final fit diverged: network seed 5: training MSE is ")
                .hasMessageContaining(" after 4 epochs (learning rate 0.01 with sgd); likely cause: the target is not"
                        + " standardized (--no-standardize-target, or training.standardizeTarget: false) and its"
                        + " standard deviation is ")
                .hasMessageEndingWith("standardize the target (the default)");
    }

    /** Dl4j's training, recording each {@code finalFitPack} call; without stacking it fits one by one. */
    private static final class RecordingTrainer extends ForwardingTrainer {
        private final boolean stack;
        private final List<List<FinalFitJob>> packs = new ArrayList<>();

        RecordingTrainer(Trainer inner, boolean stack) {
            super(inner);
            this.stack = stack;
        }

        @Override
        public List<FittedModel> finalFitPack(List<FinalFitJob> jobs) {
            packs.add(List.copyOf(jobs));
            return stack ? delegate.finalFitPack(jobs) : super.finalFitPack(jobs);
        }
    }

    /** Dl4j's training, but the network at {@code index} of the pack predicts NaN, as a diverged one does. */
    private static final class PoisoningTrainer extends ForwardingTrainer {
        private final int index;

        PoisoningTrainer(Trainer inner, int index) {
            super(inner);
            this.index = index;
        }

        @Override
        public List<FittedModel> finalFitPack(List<FinalFitJob> jobs) {
            List<FittedModel> fitted = new ArrayList<>(delegate.finalFitPack(jobs));
            FittedModel trained = fitted.get(index);
            fitted.set(index, new FittedModel() {
                @Override
                public float[] predict(Matrix features) {
                    float[] predicted = trained.predict(features);
                    Arrays.fill(predicted, Float.NaN);
                    return predicted;
                }

                @Override
                public void writeTo(OutputStream out) throws IOException {
                    trained.writeTo(out);
                }
            });
            return fitted;
        }
    }
}
