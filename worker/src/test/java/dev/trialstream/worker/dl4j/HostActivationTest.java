package dev.trialstream.worker.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each activation's fused loop (bias, f, gate f', dropout mask) against its definition in double
 * precision, over a length that leaves a scalar tail after the vector loop, with and without a mask,
 * and at values where exp overflows or underflows.
 */
class HostActivationTest {

    @Test
    void theBuildsTestsRunTheVectorKernels() {
        assertThat(Simd.AVAILABLE)
                .as("surefire's argLine adds jdk.incubator.vector, as the trialstream script does")
                .isTrue();
    }

    @ParameterizedTest
    @EnumSource(HostActivation.class)
    void apply_matchesTheDefinition_withAndWithoutAMask(HostActivation activation) {
        int length = 1003;
        SplittableRandom random = new SplittableRandom(activation.ordinal());
        float[] z = new float[length];
        float[] bias = new float[length];
        float[] mask = new float[length];
        for (int i = 0; i < length; i++) {
            z[i] = (float) (random.nextGaussian() * 3);
            bias[i] = (float) (random.nextGaussian() * 0.1);
            mask[i] = random.nextDouble() < 0.3 ? 0f : 1.4285715f;
        }
        float[] extremes = {-100f, -88.7f, -20f, -1e-6f, 0f, 1e-6f, 20f, 88.7f, 100f};
        System.arraycopy(extremes, 0, z, 0, extremes.length);
        System.arraycopy(new float[extremes.length], 0, bias, 0, extremes.length);
        for (float[] m : new float[][] {null, mask}) {
            float[] out = z.clone();
            float[] gate = bias.clone();
            activation.apply(out, gate, m, length);
            for (int i = 0; i < length; i++) {
                double v = (double) z[i] + bias[i];
                double keep = m == null ? 1 : m[i];
                assertThat((double) out[i]).as("%s f(%s)", activation, v)
                        .isCloseTo(f(activation, v) * keep, within(1e-6 * (1 + Math.abs(f(activation, v) * keep))));
                assertThat((double) gate[i]).as("%s f'(%s)", activation, v)
                        .isCloseTo(gradient(activation, v) * keep, within(1e-6 * (1 + Math.abs(gradient(activation, v)))));
            }
        }
    }

    private static double f(HostActivation activation, double v) {
        return switch (activation) {
            case RELU -> Math.max(v, 0);
            case TANH -> Math.tanh(v);
            case ELU -> v > 0 ? v : Math.expm1(v);
            case SIGMOID -> 1 / (1 + Math.exp(-v));
            case LEAKYRELU -> v > 0 ? v : HostActivation.LEAKY_ALPHA * v;
            case SELU -> HostActivation.SELU_LAMBDA * (v > 0 ? v : HostActivation.SELU_ALPHA * Math.expm1(v));
        };
    }

    private static double gradient(HostActivation activation, double v) {
        return switch (activation) {
            case RELU -> v > 0 ? 1 : 0;
            case TANH -> 1 - Math.tanh(v) * Math.tanh(v);
            case ELU -> v > 0 ? 1 : Math.exp(v);
            case SIGMOID -> Math.exp(-v) / ((1 + Math.exp(-v)) * (1 + Math.exp(-v)));
            case LEAKYRELU -> v > 0 ? 1 : HostActivation.LEAKY_ALPHA;
            case SELU -> HostActivation.SELU_LAMBDA * (v > 0 ? 1 : HostActivation.SELU_ALPHA * Math.exp(v));
        };
    }
}
