package dev.trialstream.core.training;

import java.util.List;

/**
 * The validation error of every fold after one lockstep epoch, in the target's own units.
 *
 * @param epoch   1-based
 * @param foldMse one entry per fold
 */
public record EpochReport(int epoch, List<Double> foldMse, double meanMse, double trainLoss) {

    public EpochReport {
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch must be positive, found " + epoch);
        }
        foldMse = List.copyOf(foldMse);
    }

    public static EpochReport of(int epoch, double[] foldMse, double trainLoss) {
        double sum = 0;
        List<Double> values = new java.util.ArrayList<>(foldMse.length);
        for (double mse : foldMse) {
            sum += mse;
            values.add(mse);
        }
        return new EpochReport(epoch, values, sum / foldMse.length, trainLoss);
    }

    /** True when every fold's error is a finite number. */
    public boolean finite() {
        return foldMse.stream().allMatch(Double::isFinite) && Double.isFinite(meanMse);
    }
}
