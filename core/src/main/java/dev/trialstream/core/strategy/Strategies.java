package dev.trialstream.core.strategy;

import dev.trialstream.core.spec.SearchSpec;
import dev.trialstream.core.spec.StrategySpec;

/** Builds the strategy a spec names. */
public final class Strategies {

    /** Trials an adaptive search keeps in flight when neither the spec nor the caller says. */
    public static final int DEFAULT_PARALLELISM = 4;

    private Strategies() {
    }

    /**
     * How many trials the submitter queues itself: the first {@code parallelism}. An adaptive
     * strategy's first batch is its own ({@link Strategy#initialTrials()}, sized by the same
     * parallelism); the aggregator releases every later trial as slots free up.
     */
    public static int firstBatch(Strategy strategy, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be positive, found " + parallelism);
        }
        return Math.min(parallelism, strategy.adaptive() ? strategy.initialTrials().size() : strategy.budget());
    }

    public static Strategy create(SearchSpec spec) {
        return create(spec, DEFAULT_PARALLELISM);
    }

    /**
     * @param defaultParallelism how many trials an adaptive strategy starts with when the spec has
     *                           no {@code parallelism} (callers pass 2 × the worker slots they know of)
     */
    public static Strategy create(SearchSpec spec, int defaultParallelism) {
        StrategySpec strategy = spec.strategy();
        return switch (strategy.type()) {
            case GRID -> new GridStrategy(spec.space(), strategy.trials(), strategy.sample(), strategy.seed());
            case RANDOM -> new RandomStrategy(spec.space(), strategy.trials().orElseThrow(), strategy.seed());
            case QUASIRANDOM -> new QuasiRandomStrategy(spec.space(), strategy.trials().orElseThrow(), strategy.seed());
            case TPE -> new TpeStrategy(spec.space(), strategy.trials().orElseThrow(), strategy.seed(),
                    strategy.options(), spec.parallelism().orElse(defaultParallelism));
            case HYPERBAND -> new HyperbandStrategy(spec.space(), strategy.trials().orElseThrow(), strategy.seed(),
                    spec.training().maxEpochs(), Math.min(strategy.options().minEpochs(), spec.training().maxEpochs()),
                    strategy.options().eta());
        };
    }
}
