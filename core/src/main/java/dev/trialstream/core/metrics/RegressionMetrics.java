package dev.trialstream.core.metrics;

/** Test-set scores of a model, in the target's own units (R² is unitless). */
public record RegressionMetrics(int n, double mse, double rmse, double mae, double r2) {

    /** Scores predictions against truth; both in the same (original) units. */
    public static RegressionMetrics of(double[] truth, double[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(
                    "truth has " + truth.length + " values but predictions have " + predicted.length);
        }
        int n = truth.length;
        if (n == 0) {
            return new RegressionMetrics(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = 0;
        for (double t : truth) {
            mean += t;
        }
        mean /= n;
        double sse = 0;
        double sae = 0;
        double sst = 0;
        for (int i = 0; i < n; i++) {
            double err = predicted[i] - truth[i];
            sse += err * err;
            sae += Math.abs(err);
            sst += (truth[i] - mean) * (truth[i] - mean);
        }
        double mse = sse / n;
        return new RegressionMetrics(n, mse, Math.sqrt(mse), sae / n, sst == 0 ? Double.NaN : 1 - sse / sst);
    }
}
