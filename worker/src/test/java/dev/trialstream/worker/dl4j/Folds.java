package dev.trialstream.worker.dl4j;

import dev.trialstream.core.prep.Matrix;
import dev.trialstream.core.training.FoldData;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Tiny standardized regression folds: y = x·β + noise, so a net can learn them in a few epochs. */
final class Folds {

    private Folds() {
    }

    static List<FoldData> linear(int k, int trainRows, int validRows, int features, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] beta = new double[features];
        for (int j = 0; j < features; j++) {
            beta[j] = random.nextGaussian();
        }
        List<FoldData> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            Matrix tx = Matrix.zeros(trainRows, features);
            float[] ty = new float[trainRows];
            fill(tx, ty, beta, random);
            Matrix vx = Matrix.zeros(validRows, features);
            float[] vy = new float[validRows];
            fill(vx, vy, beta, random);
            folds.add(new FoldData(tx, ty, vx, vy, 1.0));
        }
        return folds;
    }

    private static void fill(Matrix x, float[] y, double[] beta, SplittableRandom random) {
        for (int i = 0; i < x.rows(); i++) {
            double sum = 0;
            for (int j = 0; j < x.cols(); j++) {
                float v = (float) random.nextGaussian();
                x.set(i, j, v);
                sum += v * beta[j];
            }
            y[i] = (float) ((sum + 0.1 * random.nextGaussian()) / Math.sqrt(beta.length));
        }
    }
}
