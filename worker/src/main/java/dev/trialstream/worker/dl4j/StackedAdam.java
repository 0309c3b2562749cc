package dev.trialstream.worker.dl4j;

/**
 * Adam (and AdamW's decoupled decay) over the flat parameter vector of a {@link LockstepMlp}, in
 * one Java loop per step that the JIT vectorizes. ND4J's Adam op computes its square roots one
 * element at a time (~5 ns each on these cores), which made it the costliest part of a packed
 * step; this loop does the whole update (L2, moments, per-member rate, decay, the parameter
 * change) in one pass. Same formula as DL4J's {@code AdamUpdater}: {@code α_t = lr·√(1−β₂ᵗ)/(1−β₁ᵗ)},
 * step {@code α_t·m/(√v+ε)}.
 */
final class StackedAdam implements HostUpdater {

    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPSILON = 1e-8;

    private final float[] m;
    private final float[] v;

    /** Fresh moments for {@code size} parameters. */
    StackedAdam(int size) {
        this(new float[size], new float[size]);
    }

    /** Moments carried over (e.g. the members a pack keeps). */
    StackedAdam(float[] m, float[] v) {
        if (m.length != v.length) {
            throw new IllegalArgumentException("moments disagree: " + m.length + " vs " + v.length);
        }
        this.m = m;
        this.v = v;
    }

    float[] firstMoment() {
        return m;
    }

    float[] secondMoment() {
        return v;
    }

    @Override
    public float[][] state() {
        return new float[][] {m, v};
    }

    @Override
    public void step(float[] params, float[] gradients, int iteration, float[] rates, float[] l2, float[] decay) {
        double beta1t = Math.pow(BETA1, iteration + 1);
        double beta2t = Math.pow(BETA2, iteration + 1);
        float alpha = (float) (Math.sqrt(1 - beta2t) / (1 - beta1t));
        float b1 = (float) BETA1;
        float b2 = (float) BETA2;
        float c1 = (float) (1 - BETA1);
        float c2 = (float) (1 - BETA2);
        float eps = (float) EPSILON;
        int n = params.length;
        HostUpdater.addCoupledL2(gradients, params, l2);
        if (decay == null) {
            for (int i = 0; i < n; i++) {
                float g = gradients[i];
                float mi = b1 * m[i] + c1 * g;
                float vi = b2 * v[i] + c2 * g * g;
                m[i] = mi;
                v[i] = vi;
                params[i] -= rates[i] * (alpha * mi / ((float) Math.sqrt(vi) + eps));
            }
        } else {
            // AdamW: decay from the weights before this step, as DL4J's WeightDecay after the updater.
            for (int i = 0; i < n; i++) {
                float g = gradients[i];
                float mi = b1 * m[i] + c1 * g;
                float vi = b2 * v[i] + c2 * g * g;
                m[i] = mi;
                v[i] = vi;
                float p = params[i];
                params[i] = p - rates[i] * (alpha * mi / ((float) Math.sqrt(vi) + eps)) - decay[i] * p;
            }
        }
    }
}
