package dev.trialstream.worker.dl4j;

import dev.trialstream.core.metrics.CvScores;
import dev.trialstream.core.metrics.RegressionMetrics;
import dev.trialstream.core.prep.Matrix;
import dev.trialstream.core.training.FoldData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every member's validation rows stacked once into {@code [K, maxRows, in]}, zero-padded, and
 * scored after each epoch in the target's own units. Member ranges {@code [first, first + n)} are
 * one trial's folds.
 */
final class StackedValidation {

    private final List<FoldData> members;
    private final INDArray stacked;
    private final int maxRows;
    private final double[] variances;
    /** The last {@link #memberMse} call's predictions, {@code [K, maxRows]} flattened. */
    private float[] lastPredicted;

    StackedValidation(List<FoldData> members) {
        this.members = List.copyOf(members);
        int k = members.size();
        int inputs = members.get(0).features();
        maxRows = Math.max(1, members.stream().mapToInt(f -> f.validX().rows()).max().orElse(1));
        float[] x = new float[k * maxRows * inputs];
        for (int f = 0; f < k; f++) {
            Matrix valid = members.get(f).validX();
            System.arraycopy(valid.data(), 0, x, f * maxRows * inputs, valid.data().length);
        }
        stacked = Nd4j.create(x, new long[] {k, maxRows, inputs}, 'c');
        variances = computeVariances();
    }

    /** The same validation for members {@code keep} only. */
    StackedValidation retain(int[] keep) {
        List<FoldData> kept = new ArrayList<>(keep.length);
        for (int m : keep) {
            kept.add(members.get(m));
        }
        return new StackedValidation(kept);
    }

    /** Predicts every member's validation rows and returns each member's MSE in target units. */
    double[] memberMse(LockstepMlp net) {
        float[] predicted = net.predict(stacked);
        lastPredicted = predicted;
        double[] mse = new double[members.size()];
        for (int f = 0; f < members.size(); f++) {
            float[] truth = members.get(f).validY();
            double scale = members.get(f).targetScale();
            double sum = 0;
            for (int i = 0; i < truth.length; i++) {
                double err = predicted[f * maxRows + i] - truth[i];
                sum += err * err;
            }
            mse[f] = truth.length == 0 ? Double.NaN : sum / truth.length * scale * scale;
        }
        return mse;
    }

    /** Members {@code [first, first + n)}'s validation predictions from the last {@link #memberMse} call. */
    List<float[]> predictions(int first, int n) {
        List<float[]> out = new ArrayList<>(n);
        for (int f = first; f < first + n; f++) {
            out.add(Arrays.copyOfRange(lastPredicted, f * maxRows, f * maxRows + members.get(f).validY().length));
        }
        return out;
    }

    /** Per member of {@code [first, first + n)}, the variance of its validation targets in target units. */
    double[] variances(int first, int n) {
        return Arrays.copyOfRange(variances, first, first + n);
    }

    private double[] computeVariances() {
        double[] variance = new double[members.size()];
        for (int f = 0; f < members.size(); f++) {
            float[] truth = members.get(f).validY();
            double scale = members.get(f).targetScale();
            double mean = 0;
            for (float y : truth) {
                mean += y;
            }
            mean /= Math.max(1, truth.length);
            double sum = 0;
            for (float y : truth) {
                sum += (y - mean) * (y - mean);
            }
            variance[f] = truth.length == 0 ? 0 : sum / truth.length * scale * scale;
        }
        return variance;
    }

    /**
     * Members {@code [first, first + foldMse.length)}'s scores on the last {@link #memberMse} call's
     * predictions, in target units; each keeps the MSE given, so the CV MSE is that epoch's.
     */
    CvScores scores(int first, double[] foldMse) {
        List<RegressionMetrics> folds = new ArrayList<>();
        for (int f = 0; f < foldMse.length; f++) {
            FoldData member = members.get(first + f);
            float[] truth = member.validY();
            double scale = member.targetScale();
            double[] y = new double[truth.length];
            double[] p = new double[truth.length];
            for (int i = 0; i < truth.length; i++) {
                y[i] = truth[i] * scale;
                p[i] = lastPredicted[(first + f) * maxRows + i] * scale;
            }
            folds.add(RegressionMetrics.of(y, p).withMse(foldMse[f]));
        }
        return new CvScores(folds);
    }
}
