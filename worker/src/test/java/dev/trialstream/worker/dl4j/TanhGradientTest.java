package dev.trialstream.worker.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class TanhGradientTest {

    private static INDArray gaussian(SplittableRandom random, long... shape) {
        float[] values = new float[(int) (shape[0] * shape[1] * shape[2])];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (2 * random.nextGaussian());
        }
        return Nd4j.create(values, shape, 'c');
    }

    @Test
    void backprop_fromTheSavedOutputEqualsDl4jsTanhBackpropOfZ() {
        SplittableRandom random = new SplittableRandom(7);
        INDArray z = gaussian(random, 3, 16, 32);
        INDArray upstream = gaussian(random, 3, 16, 32);
        INDArray expected = new ActivationTanH().backprop(z.dup(), upstream.dup()).getFirst();

        INDArray actual = new TanhGradient().backprop(Transforms.tanh(z, true), upstream.dup(), null);

        assertGradients(actual, expected);
    }

    @Test
    void backprop_appliesTheDropoutMaskToTheUpstreamGradient() {
        SplittableRandom random = new SplittableRandom(8);
        INDArray z = gaussian(random, 2, 8, 16);
        INDArray upstream = gaussian(random, 2, 8, 16);
        float[] keep = new float[2 * 8 * 16];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = random.nextInt(5) == 0 ? 0f : 1.25f;
        }
        INDArray mask = Nd4j.create(keep, new long[] {2, 8, 16}, 'c');
        INDArray expected = new ActivationTanH().backprop(z.dup(), upstream.mul(mask)).getFirst();

        TanhGradient gradient = new TanhGradient();
        gradient.backprop(Transforms.tanh(z, true), upstream.dup(), null); // scratch of another step
        INDArray actual = gradient.backprop(Transforms.tanh(z, true), upstream.dup(), mask);

        assertGradients(actual, expected);
    }

    private static void assertGradients(INDArray actual, INDArray expected) {
        float[] a = actual.data().asFloat();
        float[] e = expected.data().asFloat();
        assertThat(a).hasSameSizeAs(e);
        for (int i = 0; i < e.length; i++) {
            assertThat(a[i]).as("element " + i).isCloseTo(e[i], within(1e-6f));
        }
    }
}
