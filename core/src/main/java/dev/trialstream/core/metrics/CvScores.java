package dev.trialstream.core.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * A cross-validation's scores: each fold's {@link RegressionMetrics} on its validation rows, in
 * the target's units. Only the folds are stored; the CV MSE, its spread and the means over folds
 * are computed from them, so no number travels twice.
 *
 * @param folds one entry per fold, in fold order
 */
public record CvScores(List<RegressionMetrics> folds) {

    public CvScores {
        if (folds == null || folds.isEmpty()) {
            throw new IllegalArgumentException("folds must not be empty");
        }
        folds = List.copyOf(folds);
        for (int i = 0; i < folds.size(); i++) {
            double mse = folds.get(i).mse();
            if (mse < 0) {
                throw new IllegalArgumentException("folds[" + i + "].mse must be >= 0, NaN or Infinity, found " + mse);
            }
        }
    }

    /** Scores of a trainer that measures only each fold's MSE. */
    public static CvScores ofMse(List<Double> foldMse) {
        if (foldMse == null) {
            throw new IllegalArgumentException("foldMse must be set");
        }
        return new CvScores(foldMse.stream().map(RegressionMetrics::mseOnly).toList());
    }

    /** Each fold's validation MSE. */
    public List<Double> foldMse() {
        List<Double> mse = new ArrayList<>(folds.size());
        folds.forEach(fold -> mse.add(fold.mse()));
        return mse;
    }

    /** The CV MSE: the mean over folds of the validation MSE. */
    public double mse() {
        double sum = 0;
        for (RegressionMetrics fold : folds) {
            sum += fold.mse();
        }
        return sum / folds.size();
    }

    /** The population standard deviation over folds of the validation MSE. */
    public double mseStd() {
        double mean = mse();
        double sum = 0;
        for (RegressionMetrics fold : folds) {
            sum += (fold.mse() - mean) * (fold.mse() - mean);
        }
        return Math.sqrt(sum / folds.size());
    }

    /** Every score's mean over the folds (as scikit-learn's {@code cross_validate} reports them). */
    public RegressionMetrics mean() {
        return RegressionMetrics.meanOverFolds(folds);
    }
}
