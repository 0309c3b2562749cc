package dev.trialstream.core.metrics;

import java.util.List;

/**
 * Scores of a model on rows it did not train on, in the target's own units (R² is unitless): a
 * test split, or (from {@link #meanOverFolds}) the validation folds of a cross-validation.
 *
 * @param n the rows scored (for a cross-validation: all folds' validation rows)
 */
public record RegressionMetrics(int n, double mse, double rmse, double mae, double r2) {

    /** No rows scored: every score NaN. */
    public static RegressionMetrics none() {
        return new RegressionMetrics(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    /** A fold scored by a trainer that measures only its MSE: no row count, no MAE or R². */
    public static RegressionMetrics mseOnly(double mse) {
        return new RegressionMetrics(0, mse, Math.sqrt(mse), Double.NaN, Double.NaN);
    }

    /**
     * These scores with the MSE (and so the RMSE) measured elsewhere: a trainer that tracks each
     * epoch's fold MSE on its own path keeps that number, so the CV MSE equals the last epoch's.
     */
    public RegressionMetrics withMse(double measured) {
        return new RegressionMetrics(n, measured, Math.sqrt(measured), mae, r2);
    }

    /**
     * Cross-validation scores: each score's mean over the folds (as scikit-learn's
     * {@code cross_validate} reports them), so {@code mse} is the CV MSE; {@code n} is the sum.
     */
    public static RegressionMetrics meanOverFolds(List<RegressionMetrics> folds) {
        if (folds.isEmpty()) {
            return none();
        }
        int n = 0;
        double mse = 0;
        double rmse = 0;
        double mae = 0;
        double r2 = 0;
        for (RegressionMetrics fold : folds) {
            n += fold.n;
            mse += fold.mse / folds.size();
            rmse += fold.rmse / folds.size();
            mae += fold.mae / folds.size();
            r2 += fold.r2 / folds.size();
        }
        return new RegressionMetrics(n, mse, rmse, mae, r2);
    }

    /** Scores predictions against truth; both in the same (original) units. */
    public static RegressionMetrics of(double[] truth, double[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(
                    "truth has " + truth.length + " values but predictions have " + predicted.length);
        }
        int n = truth.length;
        if (n == 0) {
            return none();
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
