package dev.trialstream.worker.dl4j;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The backward pass of a tanh layer from its saved output {@code t = tanh(z)}: {@code δ = u·mask·(1 − t²)}.
 * DL4J's {@code ActivationTanH.backprop} recomputes {@code tanh(z)} element by element (as costly as
 * the forward pass: a sixth of a 4×256 network's step); with the output kept this is a few
 * multiplications. On the CPU backend it is one Java loop over bulk copies of the step's arrays
 * (reused), elsewhere ND4J ops.
 */
final class TanhGradient {

    private static final boolean HOST_MEMORY = Nd4j.getEnvironment().isCPU();

    private float[] t = new float[0];
    private float[] u = new float[0];
    private float[] mask = new float[0];

    /**
     * Overwrites {@code upstream} with the gradient before the activation and returns it.
     *
     * @param output   the layer's {@code tanh(z)} before dropout
     * @param upstream the gradient after dropout (same shape)
     * @param dropout  the layer's scaled keep mask, or null without dropout
     */
    INDArray backprop(INDArray output, INDArray upstream, INDArray dropout) {
        if (!HOST_MEMORY) {
            if (dropout != null) {
                upstream.muli(dropout);
            }
            return upstream.muli(output.mul(output).rsubi(1.0));
        }
        int n = (int) upstream.length();
        if (t.length != n) {
            t = new float[n];
            u = new float[n];
            mask = new float[n];
        }
        host(output).get(t);
        FloatBuffer up = host(upstream);
        up.get(u);
        if (dropout != null) {
            host(dropout).get(mask);
            for (int i = 0; i < n; i++) {
                float ti = t[i];
                u[i] = u[i] * mask[i] * (1f - ti * ti);
            }
        } else {
            for (int i = 0; i < n; i++) {
                float ti = t[i];
                u[i] = u[i] * (1f - ti * ti);
            }
        }
        up.rewind();
        up.put(u);
        return upstream;
    }

    private static FloatBuffer host(INDArray array) {
        return array.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
