package dev.trialstream.core.spec;

import java.util.OptionalInt;

/**
 * Which strategy proposes the trials, and how many.
 *
 * @param trials the budget: required for random; for grid, empty means every point
 * @param seed   the search seed: every trial's configuration and training seed derive from it
 * @param sample grid only: run a seeded subset of {@code trials} points when the grid has more
 * @param options tpe and hyperband tuning
 */
public record StrategySpec(StrategyType type, OptionalInt trials, long seed, boolean sample, AdaptiveOptions options) {

    /** The most trials one search may plan, so that a typo cannot queue millions of trials. */
    public static final int MAX_TRIALS = 100_000;

    public StrategySpec {
        Checks.notNull("type", type);
        trials = trials == null ? OptionalInt.empty() : trials;
        if (trials.isPresent()) {
            Checks.require("trials", Checks.between(trials.getAsInt(), 1, MAX_TRIALS));
        } else if (type != StrategyType.GRID) {
            throw new IllegalArgumentException("trials must be set for strategy " + type.wireName());
        }
        options = options == null ? AdaptiveOptions.DEFAULTS : options;
        if (sample && type != StrategyType.GRID) {
            throw new IllegalArgumentException("sample applies only to strategy grid, found strategy " + type.wireName());
        }
    }

    public StrategySpec(StrategyType type, OptionalInt trials, long seed, boolean sample) {
        this(type, trials, seed, sample, AdaptiveOptions.DEFAULTS);
    }

    public static StrategySpec random(int trials, long seed) {
        return new StrategySpec(StrategyType.RANDOM, OptionalInt.of(trials), seed, false);
    }

    /** A grid over every point. */
    public static StrategySpec grid(long seed) {
        return new StrategySpec(StrategyType.GRID, OptionalInt.empty(), seed, false);
    }
}
