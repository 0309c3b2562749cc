package dev.trialstream.core.ensemble;

import java.util.SplittableRandom;

/** Seeded Gaussian noise for selection tests whose answer is known: every run sees the same numbers. */
final class Noise {

    private final SplittableRandom random;

    Noise(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** {@code n} draws of N(0, sd²) (Box-Muller from the seeded stream). */
    double[] gaussian(int n, double sd) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            double u = 1.0 - random.nextDouble();
            double v = random.nextDouble();
            values[i] = sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
        }
        return values;
    }

    /** A model's predictions: the truth plus {@code scale} times an error. */
    static float[] plus(double[] truth, double[] error, double scale) {
        float[] out = new float[truth.length];
        for (int i = 0; i < truth.length; i++) {
            out[i] = (float) (truth[i] + scale * error[i]);
        }
        return out;
    }
}
