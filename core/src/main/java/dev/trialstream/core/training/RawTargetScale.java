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
        double[] targets = new double[fold.trainY().length + fold.validY().length];
        for (int i = 0; i < fold.trainY().length; i++) {
            targets[i] = fold.trainY()[i];
        }
        for (int i = 0; i < fold.validY().length; i++) {
            targets[fold.trainY().length + i] = fold.validY()[i];
        }
        return of(false, targets);
    }

    /**
     * The scale of a training split's targets (before any training: for a note when a search or a
     * cross-validation starts), when they will not be standardized and are large; empty otherwise,
     * and for a split with no finite target.
     */
    public static Optional<RawTargetScale> of(boolean standardizeTarget, double[] targets) {
        if (standardizeTarget) {
            return Optional.empty();
        }
        int n = 0;
        double sum = 0;
        for (double y : targets) {
            if (Double.isFinite(y)) {
                sum += y;
                n++;
            }
        }
        if (n == 0) {
            return Optional.empty();
        }
        double mean = sum / n;
        double squares = 0;
        for (double y : targets) {
            if (Double.isFinite(y)) {
                squares += (y - mean) * (y - mean);
            }
        }
        RawTargetScale scale = new RawTargetScale(mean, Math.sqrt(squares / n));
        return scale.isLarge() ? Optional.of(scale) : Optional.empty();
    }

    /** Whether the standard deviation or the size of the mean is over {@link #LARGE}. */
    public boolean isLarge() {
        return std > LARGE || Math.abs(mean) > LARGE;
    }

    /**
     * A note for when a search or a cross-validation starts, before a trial diverges on it: "the
     * target \"price\" is not standardized (...) and its standard deviation is 4.38e+05 (mean
     * 1.57e+06): ...".
     */
    public String note(String target) {
        return String.format(Locale.ROOT, "the target \"%s\" is not standardized (--no-standardize-target, or "
                + "training.standardizeTarget: false) and its standard deviation is %.3g (mean %.3g): networks "
                + "train badly on a target that far from unit scale, and trials may diverge; standardize it (the "
                + "default) unless you mean this", target, std, mean);
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
