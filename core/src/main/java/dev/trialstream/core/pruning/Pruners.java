package dev.trialstream.core.pruning;

import dev.trialstream.core.spec.PruningSpec;

/** The pruner a search's spec asks for. */
public final class Pruners {

    private Pruners() {
    }

    public static Pruner create(PruningSpec spec, int maxEpochs) {
        return switch (spec.policy()) {
            case NONE -> Pruner.NONE;
            case MEDIAN -> new MedianStoppingRule(spec.minTrials(), spec.warmupEpochs());
            case ASHA -> new AshaStopping(spec.minEpochs(), spec.eta(), maxEpochs);
        };
    }
}
