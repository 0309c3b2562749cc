package dev.trialstream.worker.dl4j;

/**
 * The elementwise and width-1 parts of a stacked network's step, as Java loops over host arrays
 * (CPU backend): bias, then activation, its gate and dropout mask fused into one pass per hidden
 * layer ({@link HostActivation}), the one-unit output layer's forward and backward passes, the
 * gated backward of a hidden layer and the bias gradients. Done as ND4J ops these were a dozen native calls per step (the batched
 * matmuls with one output column alone cost as much as the 64×64 ones), most of a 48-member
 * step's time. Arrays are member-major: member m's rows are {@code [m·rows, (m+1)·rows)}. Every
 * loop keeps to one member's numbers, so a member's results do not depend on the others.
 */
final class HostLayers {

    private HostLayers() {
    }

    /**
     * Turns pre-bias activations {@code z} ({@code [K, rows, width]}) into the layer's output in
     * place, {@code f(z + b) · mask}, and writes the gate {@code f'(z + b) · mask} that the
     * backward pass multiplies by.
     *
     * @param biases the flat parameters; member m's bias at {@code biasOffset + m·width}
     * @param mask   the layer's scaled keep mask, or null without dropout
     */
    static void forward(HostActivation activation, float[] z, float[] gate, float[] biases, int biasOffset,
                        float[] mask, int members, int rows, int width) {
        // The biases are first laid out row by row in gate (bulk copies), so the fused loop runs
        // over one flat index: a loop as short as a row (64) runs mostly outside C2's vectorized
        // main loop, which made this pass twice as slow.
        for (int m = 0; m < members; m++) {
            int b = biasOffset + m * width;
            for (int r = 0; r < rows; r++) {
                System.arraycopy(biases, b, gate, (m * rows + r) * width, width);
            }
        }
        activation.apply(z, gate, mask, members * rows * width);
    }

    /**
     * 1 for {@code v > 0}, else 0 (NaN stays NaN), without a branch: a branch on the sign of
     * activations mispredicts half the time and kept the loop from vectorizing (~5 ns an element).
     * {@code max(v, 0)} is 0 or at least 2⁻¹⁴⁹, which two factors of 10³⁸ lift to at least 1.
     */
    static float step(float v) {
        return Math.min(1f, Math.max(v, 0f) * 1e38f * 1e38f);
    }

    /**
     * The one-unit output layer, {@code h·w + b}, one value per member row, into {@code out}.
     *
     * @param kernelOffset member m's kernel ({@code width} values) at {@code kernelOffset + m·width}
     * @param biasOffset   member m's bias at {@code biasOffset + m}
     */
    static void output(float[] h, float[] params, int kernelOffset, int biasOffset, float[] out,
                       int members, int rows, int width) {
        for (int m = 0; m < members; m++) {
            int k = kernelOffset + m * width;
            float bias = params[biasOffset + m];
            for (int r = 0; r < rows; r++) {
                int row = m * rows + r;
                int at = row * width;
                float sum = 0f;
                for (int j = 0; j < width; j++) {
                    sum += h[at + j] * params[k + j];
                }
                out[row] = sum + bias;
            }
        }
    }

    /** {@link #output} and the loss gradient: {@code delta = (h·w + b − y) · rowWeight}, one value per member row. */
    static void outputDelta(float[] h, float[] params, int kernelOffset, int biasOffset, float[] y, float[] rowWeight,
                            float[] delta, int members, int rows, int width) {
        output(h, params, kernelOffset, biasOffset, delta, members, rows, width);
        for (int row = 0; row < members * rows; row++) {
            delta[row] = (delta[row] - y[row]) * rowWeight[row];
        }
    }

    /**
     * The output layer's gradients from its {@code delta}: kernel {@code Σ_r h[r]·delta[r]}, bias
     * {@code Σ_r delta[r]}, written into {@code gradients} at the parameters' offsets; and the
     * last hidden layer's delta {@code delta[r]·w · gate} into {@code hiddenDelta}.
     */
    static void outputBackward(float[] h, float[] delta, float[] gate, float[] params, float[] gradients,
                               int kernelOffset, int biasOffset, float[] hiddenDelta, int members, int rows, int width) {
        for (int m = 0; m < members; m++) {
            int k = kernelOffset + m * width;
            java.util.Arrays.fill(gradients, k, k + width, 0f);
            float biasSum = 0f;
            for (int r = 0; r < rows; r++) {
                int row = m * rows + r;
                int at = row * width;
                float d = delta[row];
                biasSum += d;
                for (int j = 0; j < width; j++) {
                    gradients[k + j] += h[at + j] * d;
                    hiddenDelta[at + j] = d * params[k + j] * gate[at + j];
                }
            }
            gradients[biasOffset + m] = biasSum;
        }
    }

    /** A hidden layer's delta from the gradient at its output: {@code upstream · gate}, in place. */
    static void gate(float[] upstream, float[] gate, int length) {
        for (int i = 0; i < length; i++) {
            upstream[i] *= gate[i];
        }
    }

    /** Per member, the sum over rows of {@code delta} ({@code [K, rows, width]}) into {@code gradients} at {@code biasOffset + m·width}. */
    static void biasGradient(float[] delta, float[] gradients, int biasOffset, int members, int rows, int width) {
        for (int m = 0; m < members; m++) {
            int b = biasOffset + m * width;
            java.util.Arrays.fill(gradients, b, b + width, 0f);
            for (int r = 0; r < rows; r++) {
                int at = (m * rows + r) * width;
                for (int j = 0; j < width; j++) {
                    gradients[b + j] += delta[at + j];
                }
            }
        }
    }
}
