package dev.trialstream.worker.dl4j;

/**
 * SGD with Nesterov momentum over the flat parameter vector of a {@link LockstepMlp}, in one Java
 * loop per step. Same formula and momentum as {@link Updaters#unitRate}'s {@code Nesterovs}
 * (DL4J's {@code NesterovsUpdater}, cs231n's form): with {@code g = lr·(∇ + l2·p)},
 * {@code v ← μ·v − g}, {@code p ← p − μ·v_prev + (1 + μ)·v}, μ 0.9, velocity starting at 0.
 */
final class StackedNesterov implements HostUpdater {

    static final double MOMENTUM = 0.9;

    private final float[] v;

    /** A fresh velocity for {@code size} parameters. */
    StackedNesterov(int size) {
        this(new float[size]);
    }

    /** The velocity carried over (e.g. the members a pack keeps). */
    StackedNesterov(float[] velocity) {
        this.v = velocity;
    }

    @Override
    public float[][] state() {
        return new float[][] {v};
    }

    @Override
    public void step(float[] params, float[] gradients, int iteration, float[] rates, float[] l2, float[] decay) {
        HostUpdater.noDecay(decay, "Nesterov momentum");
        float mu = (float) MOMENTUM;
        float onePlusMu = 1f + mu;
        int n = params.length;
        HostUpdater.addCoupledL2(gradients, params, l2);
        for (int i = 0; i < n; i++) {
            float previous = v[i];
            float vi = mu * previous - rates[i] * gradients[i];
            v[i] = vi;
            params[i] += onePlusMu * vi - mu * previous;
        }
    }
}
