package dev.trialstream.launcher.bench;

import dev.trialstream.core.metrics.CvScores;
import dev.trialstream.core.status.TrialState;
import dev.trialstream.core.training.CvJob;
import dev.trialstream.core.training.CvResult;
import dev.trialstream.core.training.EpochListener;
import dev.trialstream.core.training.EpochReport;
import dev.trialstream.core.training.FinalFitJob;
import dev.trialstream.core.training.FittedModel;
import dev.trialstream.core.training.Trainer;
import java.io.InputStream;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Trains nothing: reports one epoch and completes, so a benchmark measures only the pipeline
 * (Kafka, transactions, the aggregator). Records when each trial's first epoch was reported.
 * Given a trial time, it sleeps that long first: a trial of known duration, for load and sharing.
 */
public final class NoopTrainer implements Trainer {

    private final long trialMillis;

    /** Trials that take no time. */
    public NoopTrainer() {
        this(java.time.Duration.ZERO);
    }

    /** Trials that take {@code trialTime} each (the slot sleeps). */
    public NoopTrainer(java.time.Duration trialTime) {
        this.trialMillis = trialTime.toMillis();
    }

    /** When each trial's (only) epoch was reported, in arrival order. */
    final java.util.Queue<Long> epochNanos = new java.util.concurrent.ConcurrentLinkedQueue<>();

    @Override
    public CvResult crossValidate(CvJob job, EpochListener listener) {
        if (trialMillis > 0) {
            try {
                Thread.sleep(trialMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new CvResult(TrialState.FAILED, 0, Optional.empty(), List.of(), "interrupted", 0);
            }
        }
        int k = job.folds().size();
        double[] folds = new double[k];
        java.util.Arrays.fill(folds, 1.0);
        epochNanos.add(System.nanoTime());
        listener.afterEpoch(EpochReport.of(1, folds));
        return new CvResult(TrialState.COMPLETED, 1, Optional.of(CvScores.ofMse(Collections.nCopies(k, 1.0))),
                List.of(1.0), "", 0);
    }

    @Override
    public FittedModel finalFit(FinalFitJob job) {
        throw new UnsupportedOperationException("the pipeline benchmark requests no final fit");
    }

    @Override
    public FittedModel loadModel(InputStream in) {
        throw new UnsupportedOperationException("the pipeline benchmark loads no model");
    }

    @Override
    public String backend() {
        return "noop";
    }
}
