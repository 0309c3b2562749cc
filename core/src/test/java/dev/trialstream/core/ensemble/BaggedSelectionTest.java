package dev.trialstream.core.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaggedSelectionTest {

    private static final int ROWS = 20_000;

    private final Noise noise = new Noise(11);
    private final double[] truth = noise.gaussian(ROWS, 10.0);

    private static BaggedSelection bagged(int rounds, int bags, double fraction) {
        return new BaggedSelection(new EnsembleSelection(rounds, rounds), bags, fraction, 16);
    }

    @Test
    void select_twoModelsWithIndependentErrorsShareTheWeightAboutEqually() {
        Candidate a = new Candidate("t-a", Noise.plus(truth, noise.gaussian(ROWS, 1.0), 1.0));
        Candidate b = new Candidate("t-b", Noise.plus(truth, noise.gaussian(ROWS, 1.0), 1.0));

        // fraction 1: every bag holds both, each bag's best is about half each
        Selection selection = bagged(50, 20, 1.0).select(truth, List.of(a, b));

        assertThat(selection.weights().get("t-a")).isCloseTo(0.5, within(0.06));
        assertThat(selection.weights().get("t-b")).isCloseTo(0.5, within(0.06));
        assertThat(selection.outOfFold().mse()).isCloseTo(0.5, within(0.03));
    }

    @Test
    void select_aDominatedModelGetsNoWeight() {
        double[] errorA = noise.gaussian(ROWS, 1.0);
        Candidate a = new Candidate("t-a", Noise.plus(truth, errorA, 1.0));
        Candidate b = new Candidate("t-b", Noise.plus(truth, noise.gaussian(ROWS, 1.0), 1.0));
        Candidate worse = new Candidate("t-worse", Noise.plus(truth, errorA, 3.0));
        Candidate worse2 = new Candidate("t-worse2", Noise.plus(truth, errorA, 3.5));

        // t-worse2 has t-worse's errors, larger: whichever bag holds it, t-worse or a does better in its
        // place. (t-worse is not dominated in a bag holding b but not a: its errors are independent of b's.)
        Selection selection = bagged(25, 20, 0.75).select(truth, List.of(worse, a, worse2, b));

        assertThat(selection.weights()).doesNotContainKey("t-worse2");
        assertThat(selection.weights().values().stream().mapToDouble(Double::doubleValue).sum())
                .isCloseTo(1.0, within(1e-9));
        assertThat(selection.rounds()).isPositive();
    }

    @Test
    void select_givesEqualCandidatesAboutEqualWeights() {
        // Eight equally good models with independent errors: the best mix is 1/8 each, MSE 1/8. Each bag
        // holds four (about 1/4 each); pooled over 20 bags, each model's share is about 1/8.
        List<Candidate> candidates = new ArrayList<>();
        for (int m = 0; m < 8; m++) {
            candidates.add(new Candidate("t-" + m, Noise.plus(truth, noise.gaussian(ROWS, 1.0), 1.0)));
        }

        Selection selection = bagged(25, 20, 0.5).select(truth, candidates);

        assertThat(selection.weights()).hasSize(8);
        selection.weights().values().forEach(w -> assertThat(w).isCloseTo(0.125, within(0.06)));
        assertThat(selection.outOfFold().mse()).isCloseTo(0.125, within(0.02));
    }

    @Test
    void select_fallsBackToOneSelectionWhenThePooledBagsScoreWorseThanTheBestCandidate() {
        // One good model among nine poor ones, bags of four: most bags hold poor models only.
        List<Candidate> candidates = new ArrayList<>();
        for (int m = 0; m < 9; m++) {
            candidates.add(new Candidate("t-poor" + m, Noise.plus(truth, noise.gaussian(ROWS, 1.0), 3.0)));
        }
        candidates.add(new Candidate("t-good", Noise.plus(truth, noise.gaussian(ROWS, 1.0), 0.3)));

        Selection selection = bagged(10, 20, 0.1).select(truth, candidates);

        assertThat(selection).isEqualTo(new EnsembleSelection(10, 10).select(truth, candidates));
        assertThat(selection.outOfFold().mse()).isLessThanOrEqualTo(
                EnsembleSelection.mse(truth, candidates.get(9).predictions()) + 1e-9);
    }

    @Test
    void select_aSmallPoolIsNotSplitIntoBags() {
        // Errors that cancel exactly: the best mix is half each, MSE 0. Bags of one would weigh them by
        // how often each was drawn; with fewer than MIN_BAG candidates every bag holds all, choosing 1 : 1.
        double[] truth = {1, 2, 3, 4};
        Candidate a = new Candidate("t-a", new float[] {2, 3, 4, 5});
        Candidate b = new Candidate("t-b", new float[] {0, 1, 2, 3});

        Selection selection = bagged(2, 20, 0.5).select(truth, List.of(a, b));

        assertThat(selection.weights()).containsEntry("t-a", 0.5).containsEntry("t-b", 0.5);
        assertThat(selection.rounds()).isEqualTo(40);
        assertThat(selection.outOfFold().mse()).isEqualTo(0.0);
    }

    @Test
    void select_isDeterministic() {
        List<Candidate> candidates = new ArrayList<>();
        for (int m = 0; m < 6; m++) {
            candidates.add(new Candidate("t-" + m, Noise.plus(truth, noise.gaussian(ROWS, 1.0), 1.0 + 0.1 * m)));
        }

        assertThat(bagged(25, 20, 0.5).select(truth, candidates)).isEqualTo(bagged(25, 20, 0.5).select(truth, candidates));
    }

    @Test
    void bags_mustBePositiveAndTheFractionAShare() {
        EnsembleSelection selection = new EnsembleSelection(5);
        assertThatThrownBy(() -> new BaggedSelection(selection, 0, 0.5, 1)).hasMessage("bags must be in 1..1000, found 0");
        assertThatThrownBy(() -> new BaggedSelection(selection, 20, 0.0, 1)).hasMessage("fraction must be in (0, 1], found 0.0");
    }
}
