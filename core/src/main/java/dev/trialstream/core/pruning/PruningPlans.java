package dev.trialstream.core.pruning;

import dev.trialstream.core.spec.SearchSpec;
import dev.trialstream.core.spec.StrategyType;
import dev.trialstream.core.strategy.HyperbandStrategy;
import dev.trialstream.core.strategy.Strategies;
import java.util.Locale;

/**
 * Which stopping rule applies to a trial, and which trials it is compared with. Usually one rule
 * (the spec's pruning policy) over every trial of the search; under Hyperband, each bracket's own
 * successive-halving rule over the trials of that bracket only (the spec's pruning policy is then
 * not used: Hyperband is its own early stopping). Build one per search and keep it.
 */
public final class PruningPlans {

    private final Pruner common;
    private final HyperbandStrategy hyperband;
    private final int maxEpochs;
    private final String name;

    private PruningPlans(SearchSpec spec) {
        this.maxEpochs = spec.training().maxEpochs();
        this.common = Pruners.create(spec.pruning(), maxEpochs);
        boolean isHyperband = spec.strategy().type() == StrategyType.HYPERBAND;
        this.hyperband = isHyperband ? (HyperbandStrategy) Strategies.create(spec) : null;
        this.name = isHyperband ? "hyperband" : spec.pruning().policy().name().toLowerCase(Locale.ROOT);
    }

    public static PruningPlans of(SearchSpec spec) {
        return new PruningPlans(spec);
    }

    public Pruner forTrial(int index) {
        if (hyperband != null && index >= 0 && index < hyperband.budget()) {
            return new AshaStopping(hyperband.minEpochs(index), hyperband.eta(), maxEpochs);
        }
        return common;
    }

    /** Trials with the same group are compared with each other; others are not. */
    public int group(int index) {
        return hyperband != null && index >= 0 && index < hyperband.budget() ? hyperband.bracket(index) : 0;
    }

    /** The policy's name for metrics: none, median, asha or hyperband. */
    public String name() {
        return name;
    }
}
