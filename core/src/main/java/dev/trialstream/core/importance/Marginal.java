package dev.trialstream.core.importance;

/**
 * A parameter's values put on a finite grid of its domain, and the smoothed distribution of a set
 * of trials over that grid: a discretised Parzen estimator, as PED-ANOVA evaluates it.
 */
final class Marginal {

    /** The prior's weight, in observations: a uniform pseudo-observation keeps every cell positive. */
    private static final double PRIOR_WEIGHT = 1.0;

    private Marginal() {
    }

    /**
     * Categorical: the share of {@code cells} per category, counts plus the prior spread evenly.
     *
     * @param cells each trial's category index in [0, size)
     */
    static double[] categorical(int[] cells, int size) {
        double[] p = new double[size];
        for (int cell : cells) {
            p[cell] += 1;
        }
        for (int i = 0; i < size; i++) {
            p[i] += PRIOR_WEIGHT / size;
        }
        return normalised(p);
    }

    /**
     * Numerical: Gaussian kernels at each trial's grid cell, bandwidth by Scott's rule (as Optuna's
     * PED-ANOVA), at least one cell, plus the uniform prior; evaluated at every cell.
     *
     * @param cells each trial's cell index in [0, size)
     */
    static double[] numerical(int[] cells, int size) {
        int n = cells.length;
        double mean = 0;
        for (int cell : cells) {
            mean += cell;
        }
        mean /= n;
        double variance = 0;
        for (int cell : cells) {
            variance += (cell - mean) * (cell - mean);
        }
        double std = n > 1 ? Math.sqrt(variance / (n - 1)) : size;
        double bandwidth = Math.max(1.0, 1.059 * std * Math.pow(n, -0.2));
        double[] p = new double[size];
        for (int i = 0; i < size; i++) {
            double density = 0;
            for (int cell : cells) {
                double z = (i - cell) / bandwidth;
                density += Math.exp(-0.5 * z * z) / bandwidth;
            }
            p[i] = density;
        }
        p = normalised(p);
        for (int i = 0; i < size; i++) {
            p[i] = (p[i] * n + PRIOR_WEIGHT / size) / (n + PRIOR_WEIGHT);
        }
        return p;
    }

    private static double[] normalised(double[] p) {
        double sum = 0;
        for (double v : p) {
            sum += v;
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
