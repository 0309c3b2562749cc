package dev.trialstream.core.strategy;

import dev.trialstream.core.spec.SearchSpec;
import dev.trialstream.core.spec.StrategySpec;

/** Builds the strategy a spec names. */
public final class Strategies {

    private Strategies() {
    }

    public static Strategy create(SearchSpec spec) {
        StrategySpec strategy = spec.strategy();
        return switch (strategy.type()) {
            case GRID -> new GridStrategy(spec.space(), strategy.trials(), strategy.sample(), strategy.seed());
            case RANDOM -> new RandomStrategy(spec.space(), strategy.trials().orElseThrow(), strategy.seed());
        };
    }
}
