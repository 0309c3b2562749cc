package dev.trialstream.worker.dl4j;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A trial's random streams, all from its seed: per fold one for initial weights and one for batch
 * order, and one for the trial's dropout masks. The same seed gives the same streams whether the
 * trial trains alone or packed with others.
 */
record TrialStreams(List<SplittableRandom> init, List<SplittableRandom> order, SplittableRandom mask) {

    /** Salt that separates the batch-order and dropout streams from the weight-init streams. */
    private static final long ORDER_SALT = 0x9E3779B97F4A7C15L;

    static TrialStreams of(long seed, int folds) {
        List<SplittableRandom> ordered = LockstepMlp.foldStreams(seed ^ ORDER_SALT, folds + 1);
        return new TrialStreams(LockstepMlp.foldStreams(seed, folds), ordered.subList(0, folds), ordered.get(folds));
    }
}
