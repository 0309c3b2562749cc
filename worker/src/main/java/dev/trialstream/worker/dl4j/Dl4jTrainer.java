package dev.trialstream.worker.dl4j;

import dev.trialstream.core.metrics.CvScores;
import dev.trialstream.core.metrics.RegressionMetrics;
import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.prep.Matrix;
import dev.trialstream.core.training.CvJob;
import dev.trialstream.core.training.CvResult;
import dev.trialstream.core.training.Divergence;
import dev.trialstream.core.training.EpochListener;
import dev.trialstream.core.training.EpochReport;
import dev.trialstream.core.training.FinalFitJob;
import dev.trialstream.core.training.FittedModel;
import dev.trialstream.core.training.FoldData;
import dev.trialstream.core.training.Trainer;
import dev.trialstream.core.status.TrialState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains on ND4J's CPU backend (or CUDA when packaged so): the k folds of a trial are one
 * {@link LockstepMlp} (stacked weights, batched matmuls, DL4J's activations and updaters), stepped
 * together and validated after every epoch.
 */
public final class Dl4jTrainer implements Trainer {

    private static final Logger LOG = LoggerFactory.getLogger(Dl4jTrainer.class);
    /** Salt that separates the batch-order and dropout streams from the weight-init streams. */
    private static final long ORDER_SALT = 0x9E3779B97F4A7C15L;

    @Override
    public CvResult crossValidate(CvJob job, EpochListener listener) {
        long started = System.nanoTime();
        Hyperparameters params = job.params();
        List<FoldData> folds = job.folds();
        int k = folds.size();
        LockstepMlp net = LockstepMlp.create(params, k, folds.get(0).features(), job.seed(), job.maxEpochs());
        StackedBatches batches = batches(net, folds, params, job.seed());
        Validation validation = new Validation(folds);

        List<Double> curve = new ArrayList<>();
        double[] lastFoldMse = null;
        double best = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        for (int epoch = 1; epoch <= job.maxEpochs(); epoch++) {
            trainEpoch(net, batches, epoch);
            double[] foldMse = validation.foldMse(net);
            EpochReport report = EpochReport.of(epoch, foldMse);
            Optional<String> diverged = Divergence.check(foldMse, validation.variances());
            if (diverged.isPresent()) {
                // The last finite epoch's MSEs only: the other scores were measured on this epoch's predictions.
                return result(TrialState.FAILED, epoch, Optional.ofNullable(lastFoldMse).map(Dl4jTrainer::mseOnly),
                        curve, divergence(epoch, diverged.get(), params), started);
            }
            lastFoldMse = foldMse;
            curve.add(report.meanMse());
            LOG.debug("epoch {} cv_mse {} folds {}", epoch, report.meanMse(), report.foldMse());
            Optional<String> stop = listener.afterEpoch(report);
            if (stop.isPresent()) {
                return result(TrialState.PRUNED, epoch, Optional.of(validation.scores(foldMse)), curve, stop.get(),
                        started);
            }
            if (report.meanMse() < best) {
                best = report.meanMse();
                bestEpoch = epoch;
            } else if (job.patience() > 0 && epoch - bestEpoch >= job.patience() && epoch < job.maxEpochs()) {
                String reason = String.format(Locale.ROOT,
                        "patience: no improvement for %d epochs (best %.4f at epoch %d)", job.patience(), best, bestEpoch);
                return result(TrialState.COMPLETED, epoch, Optional.of(validation.scores(foldMse)), curve, reason,
                        started);
            }
        }
        return result(TrialState.COMPLETED, job.maxEpochs(), Optional.of(validation.scores(lastFoldMse)), curve, "",
                started);
    }

    @Override
    public FittedModel finalFit(FinalFitJob job) {
        FoldData data = job.data();
        Hyperparameters params = job.params();
        LockstepMlp net = LockstepMlp.create(params, 1, data.features(), job.seed(), job.epochs());
        StackedBatches batches = batches(net, List.of(data), params, job.seed());
        for (int epoch = 1; epoch <= job.epochs(); epoch++) {
            trainEpoch(net, batches, epoch);
        }
        return new Dl4jFittedModel(NetworkExport.toMultiLayerNetwork(net, params.activation(), 0));
    }

    @Override
    public FittedModel loadModel(java.io.InputStream in) throws java.io.IOException {
        return Dl4jFittedModel.read(in);
    }

    @Override
    public String backend() {
        return Backend.describe();
    }

    /** One epoch; ND4J schedules count epochs from 0. */
    private static void trainEpoch(LockstepMlp net, StackedBatches batches, int epoch) {
        batches.shuffle();
        while (batches.hasNext()) {
            net.step(batches, epoch - 1);
        }
    }

    private static StackedBatches batches(LockstepMlp net, List<FoldData> folds, Hyperparameters params, long seed) {
        List<SplittableRandom> streams = LockstepMlp.foldStreams(seed ^ ORDER_SALT, folds.size() + 1);
        List<Integer> maskWidths = net.widths().subList(0, net.widths().size() - 1);
        return new StackedBatches(
                folds.stream().map(FoldData::trainX).toList(),
                folds.stream().map(FoldData::trainY).toList(),
                params.batchSize(), streams.subList(0, folds.size()), params.dropout(), maskWidths,
                streams.get(folds.size()));
    }

    private static String divergence(int epoch, String why, Hyperparameters params) {
        return String.format(Locale.ROOT, "diverged at epoch %d: %s (learning rate %s with %s)",
                epoch, why, params.learningRate(), params.optimizer().wireName());
    }

    private static CvResult result(TrialState state, int epochs, Optional<CvScores> scores, List<Double> curve,
                                   String reason, long startedNanos) {
        return new CvResult(state, epochs, scores, curve, reason, (System.nanoTime() - startedNanos) / 1e9);
    }

    private static CvScores mseOnly(double[] foldMse) {
        return CvScores.ofMse(java.util.Arrays.stream(foldMse).boxed().toList());
    }

    /** Every fold's validation rows stacked once into {@code [k, maxRows, in]}, zero-padded. */
    private static final class Validation {
        private final INDArray stacked;
        private final List<float[]> targets;
        private final double[] scale;
        private final int maxRows;
        private final double[] variances;
        /** The last {@link #foldMse} call's predictions, {@code [k, maxRows]} flattened. */
        private float[] lastPredicted;

        Validation(List<FoldData> folds) {
            int k = folds.size();
            int inputs = folds.get(0).features();
            maxRows = Math.max(1, folds.stream().mapToInt(f -> f.validX().rows()).max().orElse(1));
            float[] x = new float[k * maxRows * inputs];
            targets = new ArrayList<>();
            scale = new double[k];
            for (int f = 0; f < k; f++) {
                Matrix valid = folds.get(f).validX();
                System.arraycopy(valid.data(), 0, x, f * maxRows * inputs, valid.data().length);
                targets.add(folds.get(f).validY());
                scale[f] = folds.get(f).targetScale();
            }
            stacked = Nd4j.create(x, new long[] {k, maxRows, inputs}, 'c');
            variances = computeVariances();
        }

        double[] foldMse(LockstepMlp net) {
            float[] predicted = net.predict(stacked);
            lastPredicted = predicted;
            double[] mse = new double[targets.size()];
            for (int f = 0; f < targets.size(); f++) {
                float[] truth = targets.get(f);
                double sum = 0;
                for (int i = 0; i < truth.length; i++) {
                    double err = predicted[f * maxRows + i] - truth[i];
                    sum += err * err;
                }
                mse[f] = truth.length == 0 ? Double.NaN : sum / truth.length * scale[f] * scale[f];
            }
            return mse;
        }

        /** Per fold, the variance of its validation targets in target units (0 for an empty fold). */
        double[] variances() {
            return variances;
        }

        private double[] computeVariances() {
            double[] variance = new double[targets.size()];
            for (int f = 0; f < targets.size(); f++) {
                float[] truth = targets.get(f);
                double mean = 0;
                for (float y : truth) {
                    mean += y;
                }
                mean /= Math.max(1, truth.length);
                double sum = 0;
                for (float y : truth) {
                    sum += (y - mean) * (y - mean);
                }
                variance[f] = truth.length == 0 ? 0 : sum / truth.length * scale[f] * scale[f];
            }
            return variance;
        }

        /**
         * Every fold's scores on the last {@link #foldMse} call's predictions, in target units; each
         * fold keeps the MSE {@code foldMse} measured, so the CV MSE is the last epoch's.
         */
        CvScores scores(double[] foldMse) {
            List<RegressionMetrics> folds = new ArrayList<>();
            for (int f = 0; f < targets.size(); f++) {
                float[] truth = targets.get(f);
                double[] y = new double[truth.length];
                double[] p = new double[truth.length];
                for (int i = 0; i < truth.length; i++) {
                    y[i] = truth[i] * scale[f];
                    p[i] = lastPredicted[f * maxRows + i] * scale[f];
                }
                folds.add(RegressionMetrics.of(y, p).withMse(foldMse[f]));
            }
            return new CvScores(folds);
        }
    }
}
