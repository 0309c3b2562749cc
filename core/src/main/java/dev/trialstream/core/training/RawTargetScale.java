package dev.trialstream.core.training;

import java.util.Locale;
import java.util.Optional;

/**
 * The scale of a target trained as it is, not standardized ({@code --no-standardize-target},
 * {@code training.standardizeTarget: false}), when that scale is large enough to be the likely
 * cause of a divergence. A network's output starts near 0 and its squared-error gradients grow
 * with the distance to the targets, so targets in the thousands or millions (prices in dollars)
 * blow up under learning rates that suit a standardized target; the divergence message then names
 * the target's scale and the setting, where it named only the learning rate, which is not at fault.
 *
 * @param mean the mean of the training targets
 * @param std  their standard deviation
 */
public record RawTargetScale(double mean, double std) {

    /**
     * A raw target whose standard deviation or mean exceeds this is named as the likely cause.
     * Boston's {@code medv} (mean 22.5, standard deviation 9.2) trains raw without trouble.
     */
    public static final double LARGE = 100;

    /**
     * The scale of the fold's targets (its training and validation rows: every row of a k-fold
     * split), when they were not standardized and are large; empty otherwise.
     */
    public static Optional<RawTargetScale> of(boolean standardizeTarget, FoldData fold) {
        if (standardizeTarget) {
            return Optional.empty();
        }
        int n = fold.trainY().length + fold.validY().length;
        double sum = 0;
        for (float y : fold.trainY()) {
            sum += y;
        }
        for (float y : fold.validY()) {
            sum += y;
        }
        double mean = sum / n;
        double squares = 0;
        for (float y : fold.trainY()) {
            squares += (y - mean) * (y - mean);
        }
        for (float y : fold.validY()) {
            squares += (y - mean) * (y - mean);
        }
        RawTargetScale scale = new RawTargetScale(mean, Math.sqrt(squares / n));
        return scale.isLarge() ? Optional.of(scale) : Optional.empty();
    }

    /** Whether the standard deviation or the size of the mean is over {@link #LARGE}. */
    public boolean isLarge() {
        return std > LARGE || Math.abs(mean) > LARGE;
    }

    /**
     * What to add to a divergence's reason: "likely cause: the target is not standardized
     * (--no-standardize-target, or training.standardizeTarget: false) and its standard deviation is
     * 3.97e+05 (mean 1.50e+06); ...".
     */
    public String likelyCause() {
        return String.format(Locale.ROOT, "likely cause: the target is not standardized (--no-standardize-target, "
                + "or training.standardizeTarget: false) and its standard deviation is %.3g (mean %.3g): "
                + "errors of that scale blow up the gradients; standardize the target (the default)", std, mean);
    }
}
