package dev.trialstream.worker.dl4j;

import java.util.SplittableRandom;

/**
 * What the host updaters' tests step, against DL4J's updaters: n parameters, the first half at
 * rate 0.01 and the rest at 0.0005, coupled L2 1e-3 on every third, and a gradient per step, all
 * from one seeded stream.
 */
record UpdaterCase(float[] params, float[] rates, float[] l2, SplittableRandom random) {

    static UpdaterCase of(int n) {
        SplittableRandom random = new SplittableRandom(5);
        float[] params = new float[n];
        float[] rates = new float[n];
        float[] l2 = new float[n];
        for (int i = 0; i < n; i++) {
            params[i] = (float) random.nextGaussian();
            rates[i] = i < n / 2 ? 0.01f : 0.0005f;
            l2[i] = i % 3 == 0 ? 1e-3f : 0f;
        }
        return new UpdaterCase(params, rates, l2, random);
    }

    /** The next step's gradients. */
    float[] gradients() {
        float[] gradients = new float[params.length];
        for (int i = 0; i < gradients.length; i++) {
            gradients[i] = (float) random.nextGaussian();
        }
        return gradients;
    }
}
