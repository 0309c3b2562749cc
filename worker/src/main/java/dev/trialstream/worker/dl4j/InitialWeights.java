package dev.trialstream.worker.dl4j;

import dev.trialstream.core.params.WeightInit;
import java.util.SplittableRandom;

/**
 * Draws initial weights in Java from a seeded generator, so that a trial's start is the same on
 * every machine and backend and each fold gets its own stream.
 */
final class InitialWeights {

    private InitialWeights() {
    }

    /** A fan-in × fan-out kernel, row-major. */
    static float[] kernel(WeightInit init, int fanIn, int fanOut, SplittableRandom random) {
        float[] values = new float[fanIn * fanOut];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) draw(init, fanIn, fanOut, random);
        }
        return values;
    }

    private static double draw(WeightInit init, int fanIn, int fanOut, SplittableRandom random) {
        return switch (init) {
            case XAVIER -> uniform(random, Math.sqrt(6.0 / (fanIn + fanOut)));
            case XAVIER_NORMAL -> truncatedNormal(random, Math.sqrt(2.0 / (fanIn + fanOut)));
            case HE -> truncatedNormal(random, Math.sqrt(2.0 / fanIn));
            case HE_UNIFORM -> uniform(random, Math.sqrt(6.0 / fanIn));
            case LECUN -> truncatedNormal(random, Math.sqrt(1.0 / fanIn));
            case UNIFORM -> uniform(random, 0.05);
            case NORMAL -> random.nextGaussian() * 0.05;
        };
    }

    private static double uniform(SplittableRandom random, double limit) {
        return (random.nextDouble() * 2 - 1) * limit;
    }

    /** Keras' variance-scaling normals: truncated at two standard deviations, rescaled to keep the variance. */
    private static double truncatedNormal(SplittableRandom random, double std) {
        double value;
        do {
            value = random.nextGaussian();
        } while (Math.abs(value) > 2);
        return value * std / 0.87962566103423978;
    }
}
