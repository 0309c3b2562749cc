package dev.trialstream.core.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class EnsembleSelectionTest {

    private static final int ROWS = 20_000;

    private final Noise noise = new Noise(7);
    private final double[] truth = noise.gaussian(ROWS, 10.0);

    @Test
    void select_twoModelsWithIndependentErrorsShareTheWeightAboutEqually() {
        Candidate a = new Candidate("t-a", Noise.plus(truth, noise.gaussian(ROWS, 1.0), 1.0));
        Candidate b = new Candidate("t-b", Noise.plus(truth, noise.gaussian(ROWS, 1.0), 1.0));

        Selection selection = new EnsembleSelection(50).select(truth, List.of(a, b));

        assertThat(selection.weights().get("t-a")).isCloseTo(0.5, within(0.06));
        assertThat(selection.weights().get("t-b")).isCloseTo(0.5, within(0.06));
        // Averaging two independent unit-variance errors halves the MSE.
        assertThat(selection.outOfFold().mse()).isCloseTo(0.5, within(0.03));
    }

    @Test
    void select_aDominatedModelGetsNoWeight() {
        double[] errorA = noise.gaussian(ROWS, 1.0);
        Candidate a = new Candidate("t-a", Noise.plus(truth, errorA, 1.0));
        Candidate b = new Candidate("t-b", Noise.plus(truth, noise.gaussian(ROWS, 1.0), 1.0));
        // The same errors as a, three times larger: adding it never helps.
        Candidate worse = new Candidate("t-worse", Noise.plus(truth, errorA, 3.0));

        Selection selection = new EnsembleSelection(50).select(truth, List.of(worse, a, b));

        assertThat(selection.weights()).doesNotContainKey("t-worse");
        assertThat(selection.weights().values().stream().mapToDouble(Double::doubleValue).sum())
                .isCloseTo(1.0, within(1e-9));
    }

    @Test
    void select_neverScoresWorseThanTheBestSingleCandidate() {
        Candidate good = new Candidate("t-good", Noise.plus(truth, noise.gaussian(ROWS, 1.0), 1.0));
        Candidate bad = new Candidate("t-bad", Noise.plus(truth, noise.gaussian(ROWS, 1.0), 4.0));

        Selection selection = new EnsembleSelection(20).select(truth, List.of(bad, good));

        double goodMse = mse(truth, good.predictions());
        assertThat(selection.outOfFold().mse()).isLessThanOrEqualTo(goodMse + 1e-9);
        assertThat(selection.mseByRound().get(0)).isCloseTo(goodMse, within(1e-6));
        assertThat(selection.mseByRound()).hasSize(20);
    }

    @Test
    void select_weightsAreExactlyTimesChosenOverRounds() {
        // Errors +1 and -14/11 cancel at 14 parts to 11: 25 rounds choose a 14 times and b 11 times.
        double[] truth = {1, 2, 3, 4};
        Candidate a = new Candidate("t-a", new float[] {2, 3, 4, 5});
        Candidate b = new Candidate("t-b", new float[] {(float) (1 - 14.0 / 11), (float) (2 - 14.0 / 11),
                (float) (3 - 14.0 / 11), (float) (4 - 14.0 / 11)});

        Selection selection = new EnsembleSelection(25).select(truth, List.of(a, b));

        assertThat(selection.rounds()).isEqualTo(25);
        assertThat(selection.weights()).containsEntry("t-a", 0.56).containsEntry("t-b", 0.44);
    }

    @Test
    void select_isDeterministic() {
        List<Candidate> candidates = List.of(
                new Candidate("t-1", Noise.plus(truth, noise.gaussian(ROWS, 1.0), 1.0)),
                new Candidate("t-2", Noise.plus(truth, noise.gaussian(ROWS, 1.0), 1.2)),
                new Candidate("t-3", Noise.plus(truth, noise.gaussian(ROWS, 1.0), 0.9)));

        assertThat(new EnsembleSelection(25).select(truth, candidates))
                .isEqualTo(new EnsembleSelection(25).select(truth, candidates));
    }

    @Test
    void select_sortedInitialisationStartsFromTheMeanOfTheBestThatScoresBest() {
        double[] errorA = noise.gaussian(ROWS, 1.0);
        Candidate a = new Candidate("t-a", Noise.plus(truth, errorA, 1.0));
        Candidate b = new Candidate("t-b", Noise.plus(truth, noise.gaussian(ROWS, 1.0), 1.0));
        Candidate worse = new Candidate("t-worse", Noise.plus(truth, errorA, 3.0));

        // The mean of the best two halves the MSE; adding the third (a's errors, tripled) raises it to
        // (4a + b)/3, variance 17/9: so the start is the best two, each once, and 2 rounds are kept.
        Selection selection = new EnsembleSelection(2, 2).select(truth, List.of(worse, a, b));

        assertThat(selection.weights()).containsOnlyKeys("t-a", "t-b");
        assertThat(selection.weights().get("t-a")).isEqualTo(0.5);
        assertThat(selection.mseByRound()).hasSize(2);
        assertThat(selection.mseByRound().get(1)).isCloseTo(0.5, within(0.03));
        assertThat(new EnsembleSelection(3, 3).select(truth, List.of(worse, a, b)).weights())
                .doesNotContainKey("t-worse");
    }

    @Test
    void select_withInitialBestOneIsPlainForwardSelection() {
        List<Candidate> candidates = List.of(
                new Candidate("t-1", Noise.plus(truth, noise.gaussian(ROWS, 1.0), 1.0)),
                new Candidate("t-2", Noise.plus(truth, noise.gaussian(ROWS, 1.0), 1.2)),
                new Candidate("t-3", Noise.plus(truth, noise.gaussian(ROWS, 1.0), 0.9)));

        assertThat(new EnsembleSelection(25, 1).select(truth, candidates))
                .isEqualTo(new EnsembleSelection(25).select(truth, candidates));
    }

    @Test
    void initialBest_mustBeWithinTheRounds() {
        assertThatThrownBy(() -> new EnsembleSelection(5, 6)).hasMessage("initialBest must be in 1..5 (the rounds), found 6");
    }

    @Test
    void select_rejectsPredictionsOfTheWrongLength() {
        Candidate shortOne = new Candidate("t-short", new float[] {1f, 2f});

        assertThatThrownBy(() -> new EnsembleSelection(5).select(truth, List.of(shortOne)))
                .hasMessage("t-short: 2 out-of-fold predictions for 20000 training rows");
    }

    @Test
    void candidate_rejectsANonFinitePrediction() {
        assertThatThrownBy(() -> new Candidate("t-nan", new float[] {1f, Float.NaN}))
                .hasMessage("t-nan: out-of-fold prediction 1 is NaN; every prediction must be finite");
    }

    @Test
    void rounds_mustBePositive() {
        assertThatThrownBy(() -> new EnsembleSelection(0)).hasMessage("rounds must be in 1..1000, found 0");
    }

    private static double mse(double[] truth, float[] predicted) {
        double total = 0;
        for (int i = 0; i < truth.length; i++) {
            total += (predicted[i] - truth[i]) * (predicted[i] - truth[i]);
        }
        return total / truth.length;
    }
}
