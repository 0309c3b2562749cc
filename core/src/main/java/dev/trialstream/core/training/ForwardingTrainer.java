package dev.trialstream.core.training;

import java.io.IOException;
import java.io.InputStream;

/**
 * A trainer that hands each call to another one, for wrappers that change one thing (pace the
 * epochs, record the calls). Only the four single-network calls are forwarded: the pack calls
 * keep {@link Trainer}'s defaults (one job after another through this wrapper) unless a subclass
 * overrides them, so a wrapper sees every job.
 */
public abstract class ForwardingTrainer implements Trainer {

    protected final Trainer delegate;

    protected ForwardingTrainer(Trainer delegate) {
        this.delegate = delegate;
    }

    @Override
    public CvResult crossValidate(CvJob job, EpochListener listener) {
        return delegate.crossValidate(job, listener);
    }

    @Override
    public FittedModel finalFit(FinalFitJob job) {
        return delegate.finalFit(job);
    }

    @Override
    public FittedModel loadModel(InputStream in) throws IOException {
        return delegate.loadModel(in);
    }

    @Override
    public String backend() {
        return delegate.backend();
    }
}
