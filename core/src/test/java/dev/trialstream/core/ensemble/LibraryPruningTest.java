package dev.trialstream.core.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LibraryPruningTest {

    private static final int ROWS = 20_000;

    private final Noise noise = new Noise(11);
    private final double[] truth = noise.gaussian(ROWS, 10.0);
    private final double[] error = noise.gaussian(ROWS, 1.0);
    /** MSE 1. */
    private final Candidate best = new Candidate("t-best", Noise.plus(truth, error, 1.0));
    /** MSE about 1.1: its own errors. */
    private final Candidate close = new Candidate("t-close", Noise.plus(truth, noise.gaussian(ROWS, 1.0), Math.sqrt(1.1)));
    /** MSE 1.44, and its error cancels the best's: selection on all candidates would choose it. */
    private final Candidate weakButCancelling = new Candidate("t-weak", Noise.plus(truth, error, -1.2));

    @Test
    void withinOfBest_keepsOnlyCandidatesCloseEnoughToTheBest() {
        List<Candidate> library = LibraryPruning.withinOfBest(truth, List.of(weakButCancelling, best, close), 0.2);

        assertThat(library).extracting(Candidate::trialId).containsExactly("t-best", "t-close");
    }

    @Test
    void withinOfBest_aWeakCandidateThatSelectionWouldChooseIsLeftOut() {
        List<Candidate> all = List.of(best, close, weakButCancelling);
        assertThat(new EnsembleSelection(25).select(truth, all).weights()).containsKey("t-weak");

        Selection pruned = new EnsembleSelection(25).select(truth, LibraryPruning.withinOfBest(truth, all, 0.2));

        assertThat(pruned.weights()).containsOnlyKeys("t-best", "t-close");
    }

    @Test
    void withinOfBest_infinityKeepsEveryCandidate() {
        assertThat(LibraryPruning.withinOfBest(truth, List.of(weakButCancelling, best, close), Double.POSITIVE_INFINITY))
                .hasSize(3);
    }

    @Test
    void withinOfBest_refusesANegativeTolerance() {
        assertThatThrownBy(() -> LibraryPruning.withinOfBest(truth, List.of(best), -0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("within must be >= 0");
    }
}
