package dev.trialstream.core.training;

/**
 * A test trainer that only cross-validates (as its subclass says): final fits and model loading
 * are not what such tests exercise, and refuse.
 */
public abstract class CvOnlyTrainer implements Trainer {

    @Override
    public FittedModel finalFit(FinalFitJob job) {
        throw new UnsupportedOperationException("a cross-validation-only test trainer");
    }

    @Override
    public FittedModel loadModel(java.io.InputStream in) {
        throw new UnsupportedOperationException("a cross-validation-only test trainer");
    }

    @Override
    public String backend() {
        return "test";
    }
}
