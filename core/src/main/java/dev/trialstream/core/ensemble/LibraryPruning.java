package dev.trialstream.core.ensemble;

import java.util.List;

/**
 * Which candidates selection may choose from: those whose own out-of-fold MSE is within a factor
 * {@code 1 + within} of the best candidate's. Library pruning, as Caruana et al. recommend ("Getting
 * the Most Out of Ensemble Selection", ICDM 2006): on a few hundred rows a weak trial whose errors
 * happen to cancel the others' lowers the ensemble's out-of-fold error, and the weight it wins there
 * does not carry over to the member's refit on all rows, so it costs test error.
 */
public final class LibraryPruning {

    private LibraryPruning() {
    }

    /** The candidates within {@code 1 + within} of the best one's MSE, in their order; infinity keeps them all. */
    public static List<Candidate> withinOfBest(double[] truth, List<Candidate> candidates, double within) {
        EnsembleSelection.check(truth, candidates);
        if (!(within >= 0)) {
            throw new IllegalArgumentException("within must be >= 0, found " + within);
        }
        double[] mse = candidates.stream().mapToDouble(c -> EnsembleSelection.mse(truth, c.predictions())).toArray();
        double limit = java.util.Arrays.stream(mse).min().orElseThrow() * (1 + within);
        List<Candidate> kept = new java.util.ArrayList<>();
        for (int c = 0; c < mse.length; c++) {
            if (mse[c] <= limit) {
                kept.add(candidates.get(c));
            }
        }
        return List.copyOf(kept);
    }
}
