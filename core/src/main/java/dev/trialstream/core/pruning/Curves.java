package dev.trialstream.core.pruning;

import dev.trialstream.core.text.Figures;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Arithmetic on CV MSE curves where NaN and infinity mean "as bad as it gets": what the stopping
 * rules compute, and what the search page draws of them.
 */
public final class Curves {

    private Curves() {
    }

    public static double orWorst(double value) {
        return Double.isFinite(value) ? value : Double.POSITIVE_INFINITY;
    }

    /** The lowest value of the curve. */
    static double best(List<Double> curve) {
        double best = Double.POSITIVE_INFINITY;
        for (double value : curve) {
            best = Math.min(best, orWorst(value));
        }
        return best;
    }

    /** Mean of the first {@code epochs} values. */
    public static double runningAverage(List<Double> curve, int epochs) {
        double sum = 0;
        for (int i = 0; i < epochs; i++) {
            sum += orWorst(curve.get(i));
        }
        return sum / epochs;
    }

    public static double median(List<Double> values) {
        return quantile(values, 0.5);
    }

    /**
     * The q-quantile with linear interpolation between order statistics (numpy's default), over
     * values where +∞ may appear.
     */
    public static double quantile(List<Double> values, double q) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        double position = q * (sorted.size() - 1);
        int lower = (int) Math.floor(position);
        int upper = (int) Math.ceil(position);
        double a = sorted.get(lower);
        double b = sorted.get(upper);
        if (lower == upper || a == b) {
            return a;
        }
        if (Double.isInfinite(b)) {
            // Interpolating toward a diverged trial would make the cutoff infinite and keep it.
            return a;
        }
        return a + (b - a) * (position - lower);
    }

    /** Strictly worse (higher MSE); ties keep the trial. */
    static boolean worse(double value, double threshold) {
        return value > threshold;
    }

    static String show(double value) {
        return Figures.brief(value);
    }
}
