package dev.trialstream.core.training;

import java.util.ArrayList;
import java.util.List;

/**
 * The validation error of every fold after one lockstep epoch, in the target's own units.
 *
 * @param epoch   1-based
 * @param foldMse one entry per fold (NaN or ∞ for a diverged fold)
 */
public record EpochReport(int epoch, List<Double> foldMse) {

    public EpochReport {
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch must be positive, found " + epoch);
        }
        foldMse = List.copyOf(foldMse);
        if (foldMse.isEmpty()) {
            throw new IllegalArgumentException("foldMse must not be empty");
        }
    }

    public static EpochReport of(int epoch, double[] foldMse) {
        List<Double> values = new ArrayList<>(foldMse.length);
        for (double mse : foldMse) {
            values.add(mse);
        }
        return new EpochReport(epoch, values);
    }

    /** The mean over folds: the CV MSE of this epoch. */
    public double meanMse() {
        return meanOf(foldMse);
    }

    /** True when every fold's error is a finite number. */
    public boolean finite() {
        return foldMse.stream().allMatch(Double::isFinite) && Double.isFinite(meanMse());
    }

    /** The mean of per-fold errors (NaN or ∞ when one of them is). */
    public static double meanOf(List<Double> foldMse) {
        double sum = 0;
        for (double mse : foldMse) {
            sum += mse;
        }
        return sum / foldMse.size();
    }
}
