package dev.trialstream.core.strategy;

import dev.trialstream.core.space.SearchSpace;
import dev.trialstream.core.spec.StrategySpec;

/** The argument checks every sampling strategy shares. */
final class Budgets {

    private Budgets() {
    }

    /** @return {@code trials}, once it and the space are valid */
    static int check(SearchSpace space, int trials) {
        if (space == null) {
            throw new IllegalArgumentException("space must be set");
        }
        if (trials < 1 || trials > StrategySpec.MAX_TRIALS) {
            throw new IllegalArgumentException("trials must be in [1, " + StrategySpec.MAX_TRIALS + "], found " + trials);
        }
        return trials;
    }
}
