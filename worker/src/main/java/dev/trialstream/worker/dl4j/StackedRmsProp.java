package dev.trialstream.worker.dl4j;

/**
 * RMSProp over the flat parameter vector of a {@link LockstepMlp}, in one Java loop per step. DL4J's
 * updater (with the per-member rate and the coupled L2 around it) made ~10 full passes over the
 * parameters in ND4J ops per step, a quarter of a 4×256 network's step; this loop does the whole
 * update in one. Same formula and constants as {@link Updaters#unitRate}'s {@code RmsProp}
 * (DL4J's {@code RmsPropUpdater}): {@code s} starts at ε, {@code s ← ρ·s + (1−ρ)·g²}, step {@code lr·g/(√s+ε)},
 * ρ 0.9, ε 1e-7.
 */
final class StackedRmsProp implements HostUpdater {

    static final double DECAY = 0.9;
    static final double EPSILON = 1e-7;

    private final float[] s;

    /** A fresh mean square for {@code size} parameters: ε, as DL4J's updater starts it. */
    StackedRmsProp(int size) {
        this(filled(size, (float) EPSILON));
    }

    private static float[] filled(int size, float value) {
        float[] out = new float[size];
        java.util.Arrays.fill(out, value);
        return out;
    }

    /** The mean square carried over (e.g. the members a pack keeps). */
    StackedRmsProp(float[] meanSquare) {
        this.s = meanSquare;
    }

    @Override
    public float[][] state() {
        return new float[][] {s};
    }

    @Override
    public void step(float[] params, float[] gradients, int iteration, float[] rates, float[] l2, float[] decay) {
        HostUpdater.noDecay(decay, "RMSProp");
        float rho = (float) DECAY;
        float c = (float) (1 - DECAY);
        float eps = (float) EPSILON;
        int n = params.length;
        HostUpdater.addCoupledL2(gradients, params, l2);
        for (int i = 0; i < n; i++) {
            float g = gradients[i];
            float si = s[i] * rho + g * g * c;
            s[i] = si;
            params[i] -= g / ((float) Math.sqrt(si) + eps) * rates[i];
        }
    }
}
