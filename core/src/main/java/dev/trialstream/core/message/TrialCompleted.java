package dev.trialstream.core.message;

import dev.trialstream.core.ensemble.OutOfFold;
import dev.trialstream.core.metrics.CvScores;

/**
 * A trial ran all its epochs (or stopped by its own patience). Committed in one transaction with
 * the consumed offset, so it appears exactly once per trial.
 *
 * @param epochs  epochs run
 * @param cv      every fold's scores at the last epoch run, in the target's units; the CV MSE and
 *                its spread are computed from them ({@link CvScores#mse()}, {@link CvScores#mseStd()})
 * @param seconds wall time of the training
 * @param outOfFold the predictions at that same epoch for every training row, each from the fold
 *                network that did not train on it, with the targets, inline; null when the worker
 *                sent none (a trainer without networks) or sent them as {@code outOfFoldFile}
 * @param outOfFoldFile the same predictions in the blob store ({@link OutOfFold#toBytes()}, in the
 *                {@code models} topic, committed in the event's own transaction), when they are
 *                larger than {@link OutOfFold#INLINE_LIMIT_BYTES}; null otherwise (and in messages
 *                of schemaVersion 3)
 */
public record TrialCompleted(String searchId, String trialId, int epochs, CvScores cv, double seconds,
                             String workerId, long at, OutOfFold outOfFold, FileRef outOfFoldFile)
        implements TrialEnded {

    /** Without out-of-fold predictions. */
    public TrialCompleted(String searchId, String trialId, int epochs, CvScores cv, double seconds, String workerId,
                          long at) {
        this(searchId, trialId, epochs, cv, seconds, workerId, at, null, null);
    }

    /** With out-of-fold predictions inline (or none). */
    public TrialCompleted(String searchId, String trialId, int epochs, CvScores cv, double seconds, String workerId,
                          long at, OutOfFold outOfFold) {
        this(searchId, trialId, epochs, cv, seconds, workerId, at, outOfFold, null);
    }

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
        if (outOfFold != null && outOfFoldFile != null) {
            throw new IllegalArgumentException("outOfFold and outOfFoldFile: at most one may be set");
        }
    }

    /** The same event with its out-of-fold predictions replaced by their reference in the blob store. */
    public TrialCompleted withOutOfFoldFile(FileRef file) {
        return new TrialCompleted(searchId, trialId, epochs, cv, seconds, workerId, at, null, file);
    }

    /** The same event with its out-of-fold predictions inline (null: without them). */
    public TrialCompleted withOutOfFold(OutOfFold predictions) {
        return new TrialCompleted(searchId, trialId, epochs, cv, seconds, workerId, at, predictions, null);
    }
}
