package dev.trialstream.core.message;

import dev.trialstream.core.metrics.RegressionMetrics;

/**
 * The winner was retrained on the whole training set and scored on the test split; its bundle is
 * on {@code models} under {@code model}.
 *
 * @param test    test-split scores in the target's units ({@code n} = 0 and NaN without a test split)
 * @param model   the bundle the worker published (its size is {@code model.totalBytes()})
 * @param seconds wall time of the training
 */
public record FinalFitCompleted(String searchId, String trialId, int epochs, RegressionMetrics test,
                                FileRef model, double seconds, String workerId, long at) implements EventMessage {

    public FinalFitCompleted {
        Checks.id(searchId, "searchId");
        Checks.id(trialId, "trialId");
        Checks.positive(epochs, "epochs");
        Checks.present(test, "test");
        Checks.present(model, "model");
        Checks.finiteNonNegative(seconds, "seconds");
        Checks.id(workerId, "workerId");
        Checks.atLeast(at, 0, "at");
    }
}
