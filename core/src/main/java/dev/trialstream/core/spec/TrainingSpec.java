package dev.trialstream.core.spec;

/**
 * How long each trial trains.
 *
 * @param maxEpochs         epochs per trial (all folds in lockstep)
 * @param patience          stop a trial when its mean CV MSE has not improved for this many
 *                          epochs; 0 = never (the trial runs maxEpochs unless pruned)
 * @param standardizeTarget train on a standardized target; metrics are reported in the target's units either way
 * @param finalModels       how many networks the final fit trains on the winner's parameters (seeds
 *                          {@code seed, seed + 1, ...}); the final model averages their predictions
 */
public record TrainingSpec(int maxEpochs, int patience, boolean standardizeTarget, int finalModels) {

    public static final int DEFAULT_MAX_EPOCHS = 100;
    public static final int MAX_EPOCHS = 100_000;
    public static final int MAX_FINAL_MODELS = 20;

    public TrainingSpec {
        Checks.require("maxEpochs", Checks.between(maxEpochs, 1, MAX_EPOCHS));
        Checks.require("patience", Checks.between(patience, 0, MAX_EPOCHS));
        Checks.require("finalModels", Checks.between(finalModels, 1, MAX_FINAL_MODELS));
    }

    /** One final model, as before ensembles existed. */
    public TrainingSpec(int maxEpochs, int patience, boolean standardizeTarget) {
        this(maxEpochs, patience, standardizeTarget, 1);
    }

    public static TrainingSpec defaults() {
        return new TrainingSpec(DEFAULT_MAX_EPOCHS, 0, true);
    }
}
