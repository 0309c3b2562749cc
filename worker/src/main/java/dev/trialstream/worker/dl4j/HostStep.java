package dev.trialstream.worker.dl4j;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link LockstepMlp}'s forward and backward passes on the CPU without ND4J's ops: the hidden
 * layers' matmuls (forward, kernel gradient, upstream) are one BLAS call per member
 * ({@link HostGemm}) on the ND4J arrays' buffers; bias, activation, gate and dropout
 * ({@link HostActivation}), the one-unit output layer, the loss and the bias gradients are
 * {@link HostLayers} loops over bulk copies. Same arithmetic per member as the ND4J ops up to the
 * order of the output layer's and the bias gradients' sums. At 48 members (2×64, batch 32) this cut
 * a step from ~4 ms to ~2.5 ms CPU: ND4J's batched matmuls, its step op (~0.55 ms for [48, 32, 64])
 * and a dozen small native calls were most of it.
 *
 * <p>It reads the weights from the network's Java copy ({@code javaParams}, which the host updater
 * steps) and, for BLAS, from its ND4J array; it writes the gradients into both.
 */
final class HostStep {

    private final StackedLayout layout;
    private final HostActivation activation;
    private final INDArray params;
    private final INDArray gradients;
    private final float[] javaParams;
    private final float[] javaGradients;
    private Buffers stepBuffers;
    /** {@link #predict}'s (validation has its own row count). */
    private Buffers predictBuffers;

    HostStep(StackedLayout layout, HostActivation activation, INDArray params, INDArray gradients,
             float[] javaParams, float[] javaGradients) {
        this.layout = layout;
        this.activation = activation;
        this.params = params;
        this.gradients = gradients;
        this.javaParams = javaParams;
        this.javaGradients = javaGradients;
    }

    /**
     * Per hidden layer its output and gate in Java and its matmul output in ND4J (which then holds
     * the output, the next layer's input), and one delta in Java and ND4J each; allocated once per
     * row count outside the arena.
     */
    private final class Buffers {
        final int rows;
        final float[][] hidden;
        final float[][] gates;
        final float[] delta;
        final float[] outputDelta;
        final List<INDArray> forward = new ArrayList<>();
        final INDArray deltaArray;
        final INDArray upstreamArray;
        final List<FloatPointer> forwardPointers = new ArrayList<>();
        final FloatPointer upstreamPointer;

        Buffers(int rows) {
            this.rows = rows;
            int count = layout.count();
            int hiddenLayers = layout.hiddenLayers();
            int width = layout.widths().get(0);
            hidden = new float[hiddenLayers][count * rows * width];
            gates = new float[hiddenLayers][count * rows * width];
            delta = new float[count * rows * width];
            outputDelta = new float[count * rows];
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                for (int l = 0; l < hiddenLayers; l++) {
                    forward.add(Nd4j.create(DataType.FLOAT, count, rows, width));
                }
                deltaArray = Nd4j.create(DataType.FLOAT, count, rows, width);
                upstreamArray = Nd4j.create(DataType.FLOAT, count, rows, width);
            }
            for (INDArray array : forward) {
                forwardPointers.add(HostGemm.pointer(array));
            }
            upstreamPointer = HostGemm.pointer(upstreamArray);
        }
    }

    /** Every member's gradients on its part of {@code batch}, into {@code javaGradients} (and the ND4J array's kernels). */
    void gradients(StackedBatches.Batch batch) {
        int count = layout.count();
        int hiddenLayers = layout.hiddenLayers();
        int width = layout.widths().get(0);
        int rows = (int) batch.x().size(1);
        if (stepBuffers == null || stepBuffers.rows != rows) {
            stepBuffers = new Buffers(rows);
        }
        Buffers b = stepBuffers;
        StackedBatches.HostBatch host = batch.host();
        FloatPointer x = HostGemm.pointer(batch.x());
        FloatPointer weights = HostGemm.pointer(params);
        FloatPointer grads = HostGemm.pointer(gradients);
        FloatPointer deltaPointer = HostGemm.pointer(b.deltaArray);
        hidden(x, weights, b, batch.hasMasks() ? host.masks() : null);
        int out = hiddenLayers;
        float[] last = b.hidden[out - 1];
        HostLayers.outputDelta(last, javaParams, (int) layout.layerOffset(out), (int) layout.biasOffset(out), host.y(),
                host.rowWeight(), b.outputDelta, count, rows, width);
        HostLayers.outputBackward(last, b.outputDelta, b.gates[out - 1], javaParams, javaGradients,
                (int) layout.layerOffset(out), (int) layout.biasOffset(out), b.delta, count, rows, width);
        for (int l = hiddenLayers - 1; l >= 0; l--) {
            int fanIn = layout.fanIn(l);
            HostLayers.biasGradient(b.delta, javaGradients, (int) layout.biasOffset(l), count, rows, width);
            write(b.delta, b.deltaArray);
            HostGemm.stacked(count, fanIn, width, rows, l == 0 ? x : b.forwardPointers.get(l - 1), 0, true,
                    deltaPointer, 0, false, grads, layout.layerOffset(l));
            read(gradients, layout.layerOffset(l), javaGradients, (long) count * fanIn * width);
            if (l > 0) {
                HostGemm.stacked(count, rows, fanIn, width, deltaPointer, 0, false, weights, layout.layerOffset(l), true,
                        b.upstreamPointer, 0);
                read(b.upstreamArray, 0, b.delta, b.delta.length);
                HostLayers.gate(b.delta, b.gates[l - 1], b.delta.length);
            }
        }
    }

    /** The forward pass without dropout, {@code [K, n, features]} → one value per member row. */
    float[] predict(INDArray x) {
        int hiddenLayers = layout.hiddenLayers();
        int rows = (int) x.size(1);
        if (predictBuffers == null || predictBuffers.rows != rows) {
            predictBuffers = new Buffers(rows);
        }
        Buffers b = predictBuffers;
        hidden(HostGemm.pointer(x), HostGemm.pointer(params), b, null);
        float[] out = new float[layout.count() * rows];
        HostLayers.output(b.hidden[hiddenLayers - 1], javaParams, (int) layout.layerOffset(hiddenLayers),
                (int) layout.biasOffset(hiddenLayers), out, layout.count(), rows, layout.widths().get(0));
        return out;
    }

    /**
     * The hidden layers' forward pass of {@link #gradients} and {@link #predict}: per layer one BLAS
     * call per member into {@code b.forward}, then bias, activation and the mask (null: none) into
     * {@code b.hidden} and {@code b.gates}; the next layer reads the output back from ND4J.
     */
    private void hidden(FloatPointer x, FloatPointer weights, Buffers b, List<float[]> masks) {
        int hiddenLayers = layout.hiddenLayers();
        int width = layout.widths().get(0);
        for (int l = 0; l < hiddenLayers; l++) {
            INDArray z = b.forward.get(l);
            HostGemm.stacked(layout.count(), b.rows, width, layout.fanIn(l), l == 0 ? x : b.forwardPointers.get(l - 1), 0,
                    false, weights, layout.layerOffset(l), false, b.forwardPointers.get(l), 0);
            read(z, 0, b.hidden[l], z.length());
            HostLayers.forward(activation, b.hidden[l], b.gates[l], javaParams, (int) layout.biasOffset(l),
                    masks == null ? null : masks.get(l), layout.count(), b.rows, width);
            if (l < hiddenLayers - 1) {
                write(b.hidden[l], z);
            }
        }
    }

    /** Copies {@code length} values from {@code from}'s buffer at {@code offset} into {@code to} at the same offset (0 for a whole array). */
    static void read(INDArray from, long offset, float[] to, long length) {
        java.nio.FloatBuffer buffer = from.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
        buffer.position((int) offset);
        buffer.get(to, (int) offset, (int) length);
    }

    static void write(float[] from, INDArray to) {
        to.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer().put(from, 0, (int) to.length());
    }
}
