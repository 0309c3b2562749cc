package dev.trialstream.core.training;

/**
 * Trains networks. Implementations are thread-confined per call: one network per task, never
 * shared, seeded from the job.
 */
public interface Trainer {

    /**
     * Trains the job's folds in lockstep (one epoch of every fold, then the next), reporting
     * after each epoch. A diverging configuration ends as {@link TrialState#FAILED} with its
     * reason; it is a normal outcome, not an exception.
     */
    CvResult crossValidate(CvJob job, EpochListener listener);

    /** Trains on the whole training set; the caller scores and saves the model. */
    FittedModel finalFit(FinalFitJob job);

    /** Loads a model written by {@link FittedModel#writeTo}. */
    FittedModel loadModel(java.io.InputStream in) throws java.io.IOException;

    /** Which engine and device this trainer runs on, e.g. {@code dl4j nd4j-native cpu}. */
    String backend();
}
