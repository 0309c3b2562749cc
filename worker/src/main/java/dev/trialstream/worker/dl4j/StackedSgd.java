package dev.trialstream.worker.dl4j;

/**
 * Plain SGD over the flat parameter vector of a {@link LockstepMlp}, in one Java loop per step:
 * {@code p ← p − lr·(∇ + l2·p)}, as {@link Updaters#unitRate}'s {@code Sgd} with the rate applied
 * to the gradient. No state.
 */
final class StackedSgd implements HostUpdater {

    @Override
    public float[][] state() {
        return new float[0][];
    }

    @Override
    public void step(float[] params, float[] gradients, int iteration, float[] rates, float[] l2, float[] decay) {
        HostUpdater.noDecay(decay, "SGD");
        HostUpdater.addCoupledL2(gradients, params, l2);
        for (int i = 0; i < params.length; i++) {
            params[i] -= rates[i] * gradients[i];
        }
    }
}
