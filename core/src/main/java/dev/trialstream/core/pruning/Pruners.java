package dev.trialstream.core.pruning;

import dev.trialstream.core.spec.SearchSpec;

/** The pruner a search's spec asks for. */
public final class Pruners {

    private Pruners() {
    }

    /**
     * @param trials      the search's trial budget (ASHA's schedule depends on it)
     * @param parallelism trials the search keeps in flight (likewise)
     */
    public static Pruner create(SearchSpec spec, int trials, int parallelism) {
        return switch (spec.pruning().policy()) {
            case NONE -> Pruner.NONE;
            case MEDIAN -> new MedianStoppingRule(spec.pruning().minTrials(), spec.pruning().warmupEpochs());
            case ASHA -> new AshaStopping(AshaSchedule.of(spec.pruning(), trials, spec.training().maxEpochs(), parallelism));
        };
    }
}
