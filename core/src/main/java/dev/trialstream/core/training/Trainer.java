package dev.trialstream.core.training;

import java.util.ArrayList;
import java.util.List;

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

    /**
     * Cross-validates several trials, ideally as one stacked computation (members = trials ×
     * folds, in lockstep; see {@link PackKey} for what packed trials share). Each job keeps its
     * own seed, per-member numbers, epoch reports (to its own listener) and stop: a pruned or
     * diverged trial leaves the pack and the others go on. Each job's result equals
     * {@link #crossValidate} of that job alone, to float tolerance. A listener that throws aborts
     * the call, as it would abort {@code crossValidate}: a caller that wants one trial's failure
     * to leave the others running answers with a stop reason instead.
     *
     * <p>This default runs the jobs one after the other; trainers that can stack override it.
     *
     * @param listeners one per job, in the same order
     * @return one result per job, in the jobs' order
     */
    default List<CvResult> crossValidatePack(List<CvJob> jobs, List<EpochListener> listeners) {
        if (jobs.size() != listeners.size()) {
            throw new IllegalArgumentException("a pack needs one listener per job: " + jobs.size() + " jobs but "
                    + listeners.size() + " listeners");
        }
        List<CvResult> results = new ArrayList<>(jobs.size());
        for (int i = 0; i < jobs.size(); i++) {
            results.add(crossValidate(jobs.get(i), listeners.get(i)));
        }
        return results;
    }

    /** Trains on the whole training set; the caller scores and saves the model. */
    FittedModel finalFit(FinalFitJob job);

    /**
     * Final-fits several jobs (an ensemble's members, each over several seeds), ideally stacked:
     * jobs that share a network shape, optimizer and batch size (what {@link PackKey} asks of
     * trials) train as one computation. Each model equals {@link #finalFit} of its job alone, to
     * float tolerance.
     *
     * <p>This default fits the jobs one after the other; trainers that can stack override it.
     *
     * @return one model per job, in the jobs' order
     */
    default List<FittedModel> finalFitPack(List<FinalFitJob> jobs) {
        List<FittedModel> models = new ArrayList<>(jobs.size());
        for (FinalFitJob job : jobs) {
            models.add(finalFit(job));
        }
        return models;
    }

    /** Loads a model written by {@link FittedModel#writeTo}. */
    FittedModel loadModel(java.io.InputStream in) throws java.io.IOException;

    /** Which engine and device this trainer runs on, e.g. {@code dl4j nd4j-native cpu}. */
    String backend();
}
