package dev.trialstream.core.training;

import dev.trialstream.core.prep.Matrix;

/**
 * One fold, already preprocessed with statistics fitted on its training rows only.
 * Targets are in the trainer's (possibly standardized) units; {@code targetScale} converts an
 * error back to the target's own units: {@code mse_original = mse_scaled * targetScale²}.
 */
public record FoldData(Matrix trainX, float[] trainY, Matrix validX, float[] validY, double targetScale) {

    public FoldData {
        if (trainX.rows() != trainY.length) {
            throw new IllegalArgumentException("trainX has " + trainX.rows() + " rows but trainY has " + trainY.length);
        }
        if (validX.rows() != validY.length) {
            throw new IllegalArgumentException("validX has " + validX.rows() + " rows but validY has " + validY.length);
        }
        if (trainX.rows() == 0) {
            throw new IllegalArgumentException("a fold needs at least one training row");
        }
        if (validX.cols() != trainX.cols()) {
            throw new IllegalArgumentException(
                    "validX has " + validX.cols() + " columns but trainX has " + trainX.cols());
        }
        if (!(targetScale > 0) || Double.isInfinite(targetScale)) {
            throw new IllegalArgumentException("targetScale must be > 0, found " + targetScale);
        }
    }

    public int features() {
        return trainX.cols();
    }
}
