package dev.trialstream.core.pruning;

import dev.trialstream.core.spec.SearchSpec;
import dev.trialstream.core.spec.StrategyType;
import dev.trialstream.core.strategy.HyperbandStrategy;
import dev.trialstream.core.strategy.Strategies;
import dev.trialstream.core.strategy.Strategy;
import java.util.Locale;
import java.util.Optional;

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
    private final AshaSchedule ashaSchedule;

    private PruningPlans(SearchSpec spec, int firstBatch) {
        this.maxEpochs = spec.training().maxEpochs();
        Strategy strategy = Strategies.create(spec, firstBatch);
        // An adaptive strategy keeps its first batch's size in flight; the others queue every
        // trial at once, and the worker slots (unknown here) bound them.
        int parallelism = strategy.adaptive() ? firstBatch : spec.parallelism().orElse(Strategies.DEFAULT_PARALLELISM);
        this.ashaSchedule = AshaSchedule.of(spec.pruning(), strategy.budget(), maxEpochs, parallelism);
        this.common = Pruners.create(spec, strategy.budget(), parallelism);
        boolean isHyperband = spec.strategy().type() == StrategyType.HYPERBAND;
        this.hyperband = isHyperband ? (HyperbandStrategy) strategy : null;
        this.name = isHyperband ? "hyperband" : spec.pruning().policy().name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param firstBatch the trials queued at submit ({@code SearchSubmitted.parallelism}): what an
     *                   adaptive strategy keeps in flight; for the others, the spec's
     *                   {@code parallelism} or {@link Strategies#DEFAULT_PARALLELISM} stands for
     *                   the trials in flight
     */
    public static PruningPlans of(SearchSpec spec, int firstBatch) {
        return new PruningPlans(spec, firstBatch);
    }

    /** As {@link #of(SearchSpec, int)} when the first batch is not known (state stored before it was). */
    public static PruningPlans of(SearchSpec spec) {
        return of(spec, spec.parallelism().orElse(Strategies.DEFAULT_PARALLELISM));
    }

    public Pruner forTrial(int index) {
        if (hyperband != null && index >= 0 && index < hyperband.budget()) {
            return new AshaStopping(hyperband.minEpochs(index), hyperband.eta(), maxEpochs);
        }
        return common;
    }

    /**
     * The search's own ASHA rule when every trial is judged by it (the asha policy, not Hyperband's
     * brackets): the one whose rung cutoffs are published to the workers.
     */
    public Optional<AshaStopping> sharedAsha() {
        return hyperband == null && common instanceof AshaStopping asha ? Optional.of(asha)
                : Optional.empty();
    }

    /** Trials with the same group are compared with each other; others are not. */
    public int group(int index) {
        return hyperband != null && index >= 0 && index < hyperband.budget() ? hyperband.bracket(index) : 0;
    }

    /** The policy's name for metrics: none, median, asha or hyperband. */
    public String name() {
        return name;
    }

    /** ASHA's rungs and minimum trials per rung at this search's budget (what the asha policy applies). */
    public AshaSchedule ashaSchedule() {
        return ashaSchedule;
    }
}
