package dev.trialstream.launcher.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trialstream.core.metrics.CvScores;
import dev.trialstream.core.metrics.RegressionMetrics;

/**
 * A trial's CV scores in the CLI's JSON: {@code cv_mse}, {@code cv_std}, {@code fold_mse}, and the
 * means over folds {@code cv_rmse}, {@code cv_mae}, {@code cv_r2}.
 */
final class CvScoresJson {

    private CvScoresJson() {
    }

    /** Means over folds in the target's units; null where the trainer did not measure them. */
    static void put(ObjectNode node, CvScores scores) {
        node.put("cv_mse", scores.mse());
        node.put("cv_std", scores.mseStd());
        RegressionMetrics cv = scores.mean();
        node.put("cv_rmse", finiteOrNull(cv.rmse()));
        node.put("cv_mae", finiteOrNull(cv.mae()));
        node.put("cv_r2", finiteOrNull(cv.r2()));
    }

    /** A trial with no epoch scored: NaN for the MSE and its spread, as before, null for the rest. */
    static void putNone(ObjectNode node) {
        node.put("cv_mse", Double.NaN);
        node.put("cv_std", Double.NaN);
        node.putNull("cv_rmse");
        node.putNull("cv_mae");
        node.putNull("cv_r2");
    }

    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
