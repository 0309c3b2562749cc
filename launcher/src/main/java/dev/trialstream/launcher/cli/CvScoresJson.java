package dev.trialstream.launcher.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trialstream.core.metrics.RegressionMetrics;

/** A trial's CV scores in the CLI's JSON: {@code cv_rmse}, {@code cv_mae}, {@code cv_r2}. */
final class CvScoresJson {

    private CvScoresJson() {
    }

    /** Means over folds in the target's units; null where the trainer did not measure them. */
    static void put(ObjectNode node, RegressionMetrics cv) {
        node.put("cv_rmse", finiteOrNull(cv.rmse()));
        node.put("cv_mae", finiteOrNull(cv.mae()));
        node.put("cv_r2", finiteOrNull(cv.r2()));
    }

    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
