package dev.trialstream.core.spec;

/**
 * Tuning of the strategies that learn or budget epochs.
 *
 * @param startup    tpe: random trials before the model proposes (Optuna's n_startup_trials)
 * @param gamma      tpe: the fraction of finished trials that make up the "good" density
 * @param candidates tpe: points drawn from the good density per proposal; the best ratio wins
 * @param eta        hyperband: reduction factor between brackets and rungs
 * @param minEpochs  hyperband: the smallest epoch budget of any bracket
 */
public record AdaptiveOptions(int startup, double gamma, int candidates, int eta, int minEpochs) {

    public static final AdaptiveOptions DEFAULTS = new AdaptiveOptions(10, 0.25, 24, 3, 1);

    public AdaptiveOptions {
        Checks.require("startup", Checks.between(startup, 1, StrategySpec.MAX_TRIALS));
        if (!(gamma > 0 && gamma < 1)) {
            throw new IllegalArgumentException("gamma must be in (0, 1), found " + gamma);
        }
        Checks.require("candidates", Checks.between(candidates, 1, 10_000));
        Checks.require("eta", Checks.between(eta, 2, 100));
        Checks.require("minEpochs", Checks.between(minEpochs, 1, TrainingSpec.MAX_EPOCHS));
    }
}
