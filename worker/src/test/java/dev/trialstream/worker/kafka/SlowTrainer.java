package dev.trialstream.worker.kafka;

import dev.trialstream.core.metrics.CvScores;
import dev.trialstream.core.training.CvJob;
import dev.trialstream.core.training.CvResult;
import dev.trialstream.core.training.EpochListener;
import dev.trialstream.core.training.EpochReport;
import dev.trialstream.core.training.FinalFitJob;
import dev.trialstream.core.training.FittedModel;
import dev.trialstream.core.training.Trainer;
import dev.trialstream.core.status.TrialState;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * A fake trainer for fault tests: one epoch every {@code epochMillis}, a curve of 10/epoch, so a
 * trial of many epochs can be caught mid-flight. It honours stop requests like the real one. A
 * pack trains as a stacked trainer would: one epoch of every member still going, then the next,
 * a member that is told to stop leaving the pack while the others go on.
 */
final class SlowTrainer implements Trainer {

    private final CountDownLatch firstEpoch = new CountDownLatch(1);
    private final CountDownLatch firstPackEpoch = new CountDownLatch(1);
    /** The size of every pack it was given, in order. */
    final List<Integer> packSizes = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** How many trainings (single or pack) it has begun. */
    final AtomicInteger trainings = new AtomicInteger();
    private final LongSupplier epochMillis;

    SlowTrainer(long epochMillis) {
        this(() -> epochMillis);
    }

    /** Each epoch takes {@code epochMillis} as read at that epoch, so a test can speed a trial up mid-way. */
    SlowTrainer(LongSupplier epochMillis) {
        this.epochMillis = epochMillis;
    }

    boolean awaitFirstEpoch(long seconds) throws InterruptedException {
        return firstEpoch.await(seconds, TimeUnit.SECONDS);
    }

    /** Waits until a pack of more than one trial has trained an epoch. */
    boolean awaitFirstPackEpoch(long seconds) throws InterruptedException {
        return firstPackEpoch.await(seconds, TimeUnit.SECONDS);
    }

    @Override
    public List<CvResult> crossValidatePack(List<CvJob> jobs, List<EpochListener> listeners) {
        packSizes.add(jobs.size());
        trainings.incrementAndGet();
        CvResult[] results = new CvResult[jobs.size()];
        List<List<Double>> curves = new ArrayList<>();
        jobs.forEach(j -> curves.add(new ArrayList<>()));
        int maxEpochs = jobs.stream().mapToInt(CvJob::maxEpochs).max().orElse(0);
        for (int epoch = 1; epoch <= maxEpochs; epoch++) {
            try {
                Thread.sleep(epochMillis.getAsLong());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                for (int i = 0; i < jobs.size(); i++) {
                    if (results[i] == null) {
                        results[i] = new CvResult(TrialState.PRUNED, epoch, Optional.empty(), curves.get(i), "interrupted", 0);
                    }
                }
                return List.of(results);
            }
            for (int i = 0; i < jobs.size(); i++) {
                if (results[i] != null) {
                    continue;
                }
                int k = jobs.get(i).folds().size();
                double[] fold = new double[k];
                Arrays.fill(fold, 10.0 / epoch);
                EpochReport report = EpochReport.of(epoch, fold);
                curves.get(i).add(report.meanMse());
                firstEpoch.countDown();
                Optional<String> stop = listeners.get(i).afterEpoch(report);
                CvScores scores = CvScores.ofMse(report.foldMse());
                if (stop.isPresent()) {
                    results[i] = new CvResult(TrialState.PRUNED, epoch, Optional.of(scores), curves.get(i), stop.get(), 0);
                } else if (epoch == jobs.get(i).maxEpochs()) {
                    results[i] = new CvResult(TrialState.COMPLETED, epoch, Optional.of(scores), curves.get(i), "", 0);
                }
            }
            if (jobs.size() > 1) {
                firstPackEpoch.countDown();
            }
            if (Arrays.stream(results).allMatch(java.util.Objects::nonNull)) {
                break; // every member stopped: as the real trainer, no more epochs
            }
        }
        return List.of(results);
    }

    @Override
    public CvResult crossValidate(CvJob job, EpochListener listener) {
        trainings.incrementAndGet();
        List<Double> curve = new ArrayList<>();
        int k = job.folds().size();
        for (int epoch = 1; epoch <= job.maxEpochs(); epoch++) {
            try {
                Thread.sleep(epochMillis.getAsLong());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new CvResult(TrialState.PRUNED, epoch, Optional.empty(), curve, "interrupted", 0);
            }
            double[] fold = new double[k];
            Arrays.fill(fold, 10.0 / epoch);
            EpochReport report = EpochReport.of(epoch, fold);
            curve.add(report.meanMse());
            firstEpoch.countDown();
            Optional<String> stop = listener.afterEpoch(report);
            if (stop.isPresent()) {
                return new CvResult(TrialState.PRUNED, epoch, Optional.of(CvScores.ofMse(report.foldMse())), curve,
                        stop.get(), 0);
            }
        }
        double last = 10.0 / job.maxEpochs();
        return new CvResult(TrialState.COMPLETED, job.maxEpochs(), Optional.of(CvScores.ofMse(Collections.nCopies(k, last))),
                curve, "", 0);
    }

    @Override
    public FittedModel finalFit(FinalFitJob job) {
        throw new UnsupportedOperationException("not used by the fault tests");
    }

    @Override
    public FittedModel loadModel(InputStream in) {
        throw new UnsupportedOperationException("not used by the fault tests");
    }

    @Override
    public String backend() {
        return "slow fake";
    }
}
