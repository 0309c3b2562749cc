package dev.trialstream.core.message;

import dev.trialstream.core.metrics.CvScores;

/**
 * A trial ran all its epochs (or stopped by its own patience). Committed in one transaction with
 * the consumed offset, so it appears exactly once per trial.
 *
 * @param epochs  epochs run
 * @param cv      every fold's scores at the last epoch run, in the target's units; the CV MSE and
 *                its spread are computed from them ({@link CvScores#mse()}, {@link CvScores#mseStd()})
 * @param seconds wall time of the training
 */
public record TrialCompleted(String searchId, String trialId, int epochs, CvScores cv, double seconds,
                             String workerId, long at) implements EventMessage {

    public TrialCompleted {
        Checks.id(searchId, "searchId");
        Checks.id(trialId, "trialId");
        Checks.positive(epochs, "epochs");
        Checks.present(cv, "cv");
        for (int i = 0; i < cv.folds().size(); i++) {
            Checks.finiteNonNegative(cv.folds().get(i).mse(), "cv.folds[" + i + "].mse");
        }
        Checks.finiteNonNegative(seconds, "seconds");
        Checks.id(workerId, "workerId");
        Checks.atLeast(at, 0, "at");
    }
}
