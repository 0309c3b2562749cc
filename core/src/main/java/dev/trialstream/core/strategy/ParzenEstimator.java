package dev.trialstream.core.strategy;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A one-dimensional Parzen window density on [low, high]: a mixture of normals truncated to the
 * interval, one per observation plus a wide prior component, as in Bergstra et al. (2011) and
 * Optuna's TPE. Each observation's bandwidth is the larger distance to its neighbours (the
 * interval ends count as neighbours), clipped to [range / min(100, n + 1), range].
 */
final class ParzenEstimator {

    private final double low;
    private final double high;
    private final double[] mus;
    private final double[] sigmas;
    private final double[] weights;

    ParzenEstimator(double[] observations, double low, double high) {
        if (!(high > low)) {
            throw new IllegalArgumentException("need low < high, found " + low + " and " + high);
        }
        this.low = low;
        this.high = high;
        double range = high - low;
        double[] sorted = observations.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        mus = new double[n + 1];
        sigmas = new double[n + 1];
        weights = new double[n + 1];
        double minSigma = range / Math.min(100.0, n + 1.0);
        for (int i = 0; i < n; i++) {
            double left = i == 0 ? sorted[i] - low : sorted[i] - sorted[i - 1];
            double right = i == n - 1 ? high - sorted[i] : sorted[i + 1] - sorted[i];
            mus[i] = sorted[i];
            sigmas[i] = Math.max(minSigma, Math.min(range, Math.max(left, right)));
            weights[i] = 1.0 / (n + 1);
        }
        // The prior: centred, as wide as the interval, so no region ever has zero density.
        mus[n] = (low + high) / 2;
        sigmas[n] = range;
        weights[n] = 1.0 / (n + 1);
    }

    double sample(SplittableRandom random) {
        double pick = random.nextDouble();
        int k = 0;
        for (double cumulative = weights[0]; cumulative < pick && k < weights.length - 1; cumulative += weights[++k]) {
            // walk to the chosen component
        }
        for (int attempt = 0; attempt < 100; attempt++) {
            double x = mus[k] + sigmas[k] * random.nextGaussian();
            if (x >= low && x <= high) {
                return x;
            }
        }
        return Math.max(low, Math.min(high, mus[k]));
    }

    double logDensity(double x) {
        double density = 0;
        for (int k = 0; k < mus.length; k++) {
            double z = (x - mus[k]) / sigmas[k];
            double mass = Normal.cdf((high - mus[k]) / sigmas[k]) - Normal.cdf((low - mus[k]) / sigmas[k]);
            density += weights[k] * Math.exp(-0.5 * z * z) / (sigmas[k] * Math.sqrt(2 * Math.PI) * Math.max(mass, 1e-12));
        }
        return Math.log(Math.max(density, 1e-300));
    }

    /** The standard normal CDF (Abramowitz & Stegun 7.1.26 for erf: error below 1.5e-7). */
    static final class Normal {
        private Normal() {
        }

        static double cdf(double z) {
            return 0.5 * (1 + erf(z / Math.sqrt(2)));
        }

        static double erf(double x) {
            double sign = Math.signum(x);
            double t = 1 / (1 + 0.3275911 * Math.abs(x));
            double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592)
                    * t * Math.exp(-x * x);
            return sign * y;
        }
    }
}
