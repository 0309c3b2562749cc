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
 * @param finalEpochScale   the final fit trains each configuration for its trial's epochs times this
 *                          (see {@link #finalEpochs})
 */
public record TrainingSpec(int maxEpochs, int patience, boolean standardizeTarget, int finalModels,
                           double finalEpochScale) {

    public static final int DEFAULT_MAX_EPOCHS = 100;
    public static final int MAX_EPOCHS = 100_000;
    public static final int MAX_FINAL_MODELS = 20;
    /**
     * The final fit's epochs per trial epoch. It trains on every training row, k/(k-1) times the rows
     * each trial's fold networks had, and on Boston and Friedman #1 its networks scored better on the
     * test split trained half as long again as their trials (README, *Search specs*).
     */
    public static final double DEFAULT_FINAL_EPOCH_SCALE = 1.5;
    public static final double MAX_FINAL_EPOCH_SCALE = 10;

    public TrainingSpec {
        Checks.require("maxEpochs", Checks.between(maxEpochs, 1, MAX_EPOCHS));
        Checks.require("patience", Checks.between(patience, 0, MAX_EPOCHS));
        Checks.require("finalModels", Checks.between(finalModels, 1, MAX_FINAL_MODELS));
        Checks.require("finalEpochScale", Checks.positiveAtMost(finalEpochScale, MAX_FINAL_EPOCH_SCALE, finalEpochScale));
    }

    /** One final model, as before ensembles existed. */
    public TrainingSpec(int maxEpochs, int patience, boolean standardizeTarget) {
        this(maxEpochs, patience, standardizeTarget, 1);
    }

    /** The default final-fit length. */
    public TrainingSpec(int maxEpochs, int patience, boolean standardizeTarget, int finalModels) {
        this(maxEpochs, patience, standardizeTarget, finalModels, DEFAULT_FINAL_EPOCH_SCALE);
    }

    /** How many epochs the final fit trains a configuration whose trial trained {@code trialEpochs}: at least 1. */
    public int finalEpochs(int trialEpochs) {
        return (int) Math.max(1, Math.min(MAX_EPOCHS, Math.round(trialEpochs * finalEpochScale)));
    }

    public static TrainingSpec defaults() {
        return new TrainingSpec(DEFAULT_MAX_EPOCHS, 0, true);
    }
}
