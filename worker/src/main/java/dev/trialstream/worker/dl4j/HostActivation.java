package dev.trialstream.worker.dl4j;

import dev.trialstream.core.params.Activation;

/**
 * A hidden layer's activation as one Java loop of the CPU host step ({@link HostLayers#forward}):
 * from the matmul's output {@code z} and the bias (laid out like it), it writes the output
 * {@code f(v)·mask} and the gate {@code f'(v)·mask} that the backward pass multiplies the upstream
 * gradient by, {@code v = z + bias}. The functions and
 * constants are DL4J's ({@code ActivationReLU}, {@code ActivationTanH}, {@code ActivationELU} with
 * α 1, {@code ActivationSigmoid}, {@code ActivationLReLU} with α 0.01, {@code ActivationSELU}), so
 * the host step trains what the ND4J ops train and the exported network predicts.
 */
enum HostActivation {

    RELU {
        @Override
        void apply(float[] z, float[] gate, float[] mask, int length) {
            // Branch-free (see HostLayers.step): relu(v)·mask = v·gate, v = z + bias.
            if (mask == null) {
                for (int i = 0; i < length; i++) {
                    float x = z[i] + gate[i];
                    float g = HostLayers.step(x);
                    gate[i] = g;
                    z[i] = x * g;
                }
            } else {
                for (int i = 0; i < length; i++) {
                    float x = z[i] + gate[i];
                    float g = HostLayers.step(x) * mask[i];
                    gate[i] = g;
                    z[i] = x * g;
                }
            }
        }
    },
    TANH {
        @Override
        void apply(float[] z, float[] gate, float[] mask, int length) {
            int from = Simd.AVAILABLE ? VectorKernels.tanh(z, gate, mask, length) : 0;
            for (int i = from; i < length; i++) {
                // tanh(v) = 1 − 2/(e^{2v} + 1): one intrinsic exp instead of Math.tanh's slower library call.
                float t = (float) (1.0 - 2.0 / (Math.exp(2.0 * (z[i] + gate[i])) + 1.0));
                float m = mask == null ? 1f : mask[i];
                gate[i] = (1f - t * t) * m;
                z[i] = t * m;
            }
        }
    },
    ELU {
        @Override
        void apply(float[] z, float[] gate, float[] mask, int length) {
            scaledElu(z, gate, mask, length, 1f, 1f);
        }
    },
    SIGMOID {
        @Override
        void apply(float[] z, float[] gate, float[] mask, int length) {
            int from = Simd.AVAILABLE ? VectorKernels.sigmoid(z, gate, mask, length) : 0;
            for (int i = from; i < length; i++) {
                float s = (float) (1.0 / (1.0 + Math.exp(-(z[i] + gate[i]))));
                float m = mask == null ? 1f : mask[i];
                gate[i] = s * (1f - s) * m;
                z[i] = s * m;
            }
        }
    },
    LEAKYRELU {
        @Override
        void apply(float[] z, float[] gate, float[] mask, int length) {
            for (int i = 0; i < length; i++) {
                float x = z[i] + gate[i];
                float m = mask == null ? 1f : mask[i];
                float g = (x > 0f ? 1f : LEAKY_ALPHA) * m;
                gate[i] = g;
                z[i] = x * g;
            }
        }
    },
    SELU {
        @Override
        void apply(float[] z, float[] gate, float[] mask, int length) {
            scaledElu(z, gate, mask, length, SELU_LAMBDA, SELU_ALPHA);
        }
    };

    /** DL4J's {@code ActivationLReLU} default slope below zero. */
    static final float LEAKY_ALPHA = 0.01f;
    /** DL4J's {@code ActivationSELU} constants. */
    static final float SELU_ALPHA = 1.6732632423543772f;
    static final float SELU_LAMBDA = 1.0507009873554805f;

    /**
     * In place over the first {@code length} values, with {@code v = z + gate} on entry (gate holds
     * the bias then): {@code z ← f(v)·mask}, {@code gate ← f'(v)·mask}. One pass: a separate pass
     * for the bias cost a 48-member ReLU step 6%.
     *
     * @param mask the layer's scaled keep mask, or null without dropout
     */
    abstract void apply(float[] z, float[] gate, float[] mask, int length);

    /** {@code scale · elu_α}: ELU is scale 1, α 1; SELU scale λ, α its α. */
    private static void scaledElu(float[] z, float[] gate, float[] mask, int length, float scale, float alpha) {
        float below = scale * alpha;
        int from = Simd.AVAILABLE ? VectorKernels.scaledElu(z, gate, mask, length, scale, alpha) : 0;
        for (int i = from; i < length; i++) {
            float x = z[i] + gate[i];
            float e = (float) Math.exp(Math.min(x, 0f));
            float m = mask == null ? 1f : mask[i];
            boolean positive = x > 0f;
            gate[i] = (positive ? scale : below * e) * m;
            z[i] = (positive ? scale * x : below * (e - 1f)) * m;
        }
    }

    static HostActivation of(Activation activation) {
        return switch (activation) {
            case RELU -> RELU;
            case TANH -> TANH;
            case ELU -> ELU;
            case SIGMOID -> SIGMOID;
            case LEAKYRELU -> LEAKYRELU;
            case SELU -> SELU;
        };
    }
}
