package dev.trialstream.worker.dl4j;

import dev.trialstream.core.params.Optimizer;

/**
 * An optimizer that steps a {@link LockstepMlp}'s flat parameters in one Java loop on the host
 * (CPU backend only): a fused pass the JIT vectorizes instead of the several ND4J ops (each a full
 * pass over the parameters) of DL4J's updater plus the per-member rate around it.
 */
interface HostUpdater {

    /**
     * One step, in place on {@code params}.
     *
     * @param iteration 0-based step count
     * @param rates     per parameter, its member's learning rate
     * @param l2        per parameter, coupled L2 added to the gradient; null for none
     * @param decay     per parameter, decoupled decay × learning rate; null for none
     */
    void step(float[] params, float[] gradients, int iteration, float[] rates, float[] l2, float[] decay);

    /** The optimizer state as blocks laid out like the parameters (Adam: m then v; RMSProp: the mean square; Nesterov: the velocity; SGD: none). */
    float[][] state();

    /** Coupled L2 (null: none): {@code gradients += l2 · params}, before an updater's step. */
    static void addCoupledL2(float[] gradients, float[] params, float[] l2) {
        if (l2 != null) {
            for (int i = 0; i < params.length; i++) {
                gradients[i] += l2[i] * params[i];
            }
        }
    }

    /** Refuses a decoupled decay an optimizer does not have (only AdamW has one). */
    static void noDecay(float[] decay, String optimizer) {
        if (decay != null) {
            throw new IllegalArgumentException(optimizer + " has no decoupled decay");
        }
    }

    /** The host updater of an optimizer, or null when it has none (ND4J's updater steps it). */
    static HostUpdater of(Optimizer optimizer, int size, float[][] state) {
        boolean fresh = state == null;
        return switch (optimizer) {
            case ADAM, ADAMW -> fresh ? new StackedAdam(size) : new StackedAdam(state[0], state[1]);
            case RMSPROP -> fresh ? new StackedRmsProp(size) : new StackedRmsProp(state[0]);
            case NESTEROV -> fresh ? new StackedNesterov(size) : new StackedNesterov(state[0]);
            case SGD -> new StackedSgd();
            case ADAGRAD, NADAM -> null;
        };
    }
}
