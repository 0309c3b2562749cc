package dev.trialstream.worker.dl4j;

import dev.trialstream.core.prep.Matrix;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Cuts every member's training rows into {@code [K, batch, in]} minibatches: step j holds batch j
 * of every member (a member is one fold of one trial). Members of unequal size are padded with
 * zero-weight rows, so each member's loss is the mean over its own real rows. Each member is
 * shuffled by its own seeded stream every epoch, and dropout masks are drawn here too, each
 * trial's from its own stream at its own rate, so one seed replays a trial's whole run whether
 * it trains alone or packed with others.
 */
final class StackedBatches {

    /**
     * One lockstep step's inputs.
     *
     * @param rowWeight {@code [K, batch, 1]}: 2/n for a real row of a member whose batch has n rows
     *                  (the derivative of a mean squared error), 0 for padding
     * @param masks     per hidden layer {@code [K, batch, width]}, already scaled by 1/keep (all 1
     *                  for a trial without dropout packed beside one with it); empty when no member drops
     * @param host      the same batch as Java arrays, filled every step; after {@link #next(boolean) next(true)}
     *                  only {@code x} was copied to ND4J and the others are valid here only
     */
    record Batch(INDArray x, INDArray y, INDArray rowWeight, List<INDArray> masks, HostBatch host) {
        boolean hasMasks() {
            return !masks.isEmpty();
        }
    }

    /**
     * A step's targets, row weights and masks as the Java arrays they are drawn into, laid out like
     * {@link Batch}'s arrays (member-major); reused every step.
     */
    record HostBatch(float[] y, float[] rowWeight, List<float[]> masks) {
    }

    /**
     * The consecutive members of one trial, which draw their dropout masks from one stream.
     *
     * @param members how many members (the trial's folds)
     * @param dropout the trial's drop probability; 0 draws nothing
     */
    record MaskGroup(int members, double dropout, SplittableRandom stream) {
    }

    /** On the CPU backend an array's buffer is host memory that a bulk copy can fill directly. */
    private static final boolean HOST_MEMORY = Nd4j.getEnvironment().isCPU();

    private List<Matrix> features;
    private List<float[]> targets;
    private final int batchSize;
    private final int inputs;
    private List<SplittableRandom> orderStreams;
    private List<MaskGroup> groups;
    private final List<Integer> hiddenWidths;
    private List<Integer> maskWidths;
    private final int steps;
    private int[][] order;
    private int cursor;
    /** Reused every step (filled in Java, copied in bulk): creating ND4J arrays from Java arrays element by element costs more than the step. */
    private Buffers buffers;

    /**
     * @param groups       the members' trials in member order; their sizes sum to the member count
     * @param hiddenWidths the hidden layers' widths (masks are drawn for each)
     */
    StackedBatches(List<Matrix> features, List<float[]> targets, int batchSize, List<SplittableRandom> orderStreams,
                   List<MaskGroup> groups, List<Integer> hiddenWidths) {
        this.features = List.copyOf(features);
        this.targets = List.copyOf(targets);
        this.inputs = features.get(0).cols();
        this.orderStreams = List.copyOf(orderStreams);
        this.groups = List.copyOf(groups);
        if (this.groups.stream().mapToInt(MaskGroup::members).sum() != features.size()) {
            throw new IllegalArgumentException("mask groups cover " + this.groups.stream().mapToInt(MaskGroup::members).sum()
                    + " members but there are " + features.size());
        }
        this.hiddenWidths = List.copyOf(hiddenWidths);
        this.maskWidths = masksNeeded();
        int largest = features.stream().mapToInt(Matrix::rows).max().orElseThrow();
        // A batch larger than the data would only pad: cap it, as Keras does implicitly.
        this.batchSize = effectiveBatch(batchSize, largest);
        this.steps = stepsPerEpoch(batchSize, largest);
        this.order = new int[features.size()][];
        for (int f = 0; f < features.size(); f++) {
            order[f] = identity(features.get(f).rows());
        }
        this.buffers = new Buffers(features.size());
    }

    /** A step's arrays, in Java and in ND4J, allocated outside any workspace and reused. */
    private final class Buffers {
        final float[] x;
        final float[] y;
        final float[] w;
        final List<float[]> masks = new ArrayList<>();
        final Batch batch;

        Buffers(int k) {
            x = new float[k * batchSize * inputs];
            y = new float[k * batchSize];
            w = new float[k * batchSize];
            List<INDArray> maskArrays = new ArrayList<>();
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                for (int width : maskWidths) {
                    masks.add(new float[k * batchSize * width]);
                    maskArrays.add(Nd4j.create(DataType.FLOAT, k, batchSize, width));
                }
                batch = new Batch(Nd4j.create(DataType.FLOAT, k, batchSize, inputs),
                        Nd4j.create(DataType.FLOAT, k, batchSize, 1), Nd4j.create(DataType.FLOAT, k, batchSize, 1),
                        List.copyOf(maskArrays), new HostBatch(y, w, List.copyOf(masks)));
            }
        }

        Batch publish(boolean onlyX) {
            copy(x, batch.x());
            if (onlyX) {
                return batch;
            }
            copy(y, batch.y());
            copy(w, batch.rowWeight());
            for (int i = 0; i < masks.size(); i++) {
                copy(masks.get(i), batch.masks().get(i));
            }
            return batch;
        }

        private void copy(float[] from, INDArray to) {
            if (HOST_MEMORY) {
                to.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer().put(from);
            } else {
                to.assign(Nd4j.create(from, to.shape(), 'c'));
            }
        }
    }

    /** The rows per step for a requested batch size and the largest member's training rows. */
    static int effectiveBatch(int batchSize, int largest) {
        return Math.min(batchSize, largest);
    }

    /** Steps per epoch for a requested batch size and the largest member's training rows. */
    static int stepsPerEpoch(int batchSize, int largest) {
        int batch = effectiveBatch(batchSize, largest);
        return (largest + batch - 1) / batch;
    }

    private List<Integer> masksNeeded() {
        return groups.stream().anyMatch(g -> g.dropout() > 0) ? hiddenWidths : List.of();
    }

    /**
     * Keeps only members {@code keep} (ascending), each with its row order and streams; a trial's
     * members leave together.
     */
    void retain(int[] keep) {
        java.util.Set<Integer> kept = new java.util.HashSet<>();
        for (int m : keep) {
            kept.add(m);
        }
        List<MaskGroup> keptGroups = new ArrayList<>();
        int first = 0;
        for (MaskGroup group : groups) {
            int in = 0;
            for (int m = first; m < first + group.members(); m++) {
                in += kept.contains(m) ? 1 : 0;
            }
            if (in == group.members()) {
                keptGroups.add(group);
            } else if (in > 0) {
                throw new IllegalArgumentException("members " + first + ".." + (first + group.members() - 1)
                        + " are one trial: they leave together");
            }
            first += group.members();
        }
        List<Matrix> x = new ArrayList<>();
        List<float[]> y = new ArrayList<>();
        List<SplittableRandom> streams = new ArrayList<>();
        int[][] rows = new int[keep.length][];
        for (int i = 0; i < keep.length; i++) {
            x.add(features.get(keep[i]));
            y.add(targets.get(keep[i]));
            streams.add(orderStreams.get(keep[i]));
            rows[i] = order[keep[i]];
        }
        features = x;
        targets = y;
        orderStreams = streams;
        order = rows;
        groups = keptGroups;
        maskWidths = masksNeeded();
        buffers = new Buffers(keep.length);
    }

    /** Reshuffles every member (Fisher–Yates with its own stream) and rewinds. */
    void shuffle() {
        for (int f = 0; f < order.length; f++) {
            int[] rows = order[f];
            SplittableRandom random = orderStreams.get(f);
            for (int i = rows.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int tmp = rows[i];
                rows[i] = rows[j];
                rows[j] = tmp;
            }
        }
        cursor = 0;
    }

    int steps() {
        return steps;
    }

    boolean hasNext() {
        return cursor < steps;
    }

    Batch next() {
        return next(false);
    }

    /**
     * The next step's batch; with {@code onlyX} (CPU backend only) only its inputs are copied into
     * ND4J and the caller reads targets, weights and masks from {@link Batch#host()}.
     */
    Batch next(boolean onlyX) {
        if (onlyX && !HOST_MEMORY) {
            throw new IllegalStateException("host-side batches need the CPU backend");
        }
        if (!hasNext()) {
            throw new NoSuchElementException("epoch has " + steps + " steps");
        }
        int k = features.size();
        float[] x = buffers.x;
        float[] y = buffers.y;
        float[] w = buffers.w;
        Arrays.fill(x, 0f);
        Arrays.fill(y, 0f);
        Arrays.fill(w, 0f);
        int start = cursor * batchSize;
        for (int f = 0; f < k; f++) {
            Matrix matrix = features.get(f);
            float[] target = targets.get(f);
            int end = Math.min(start + batchSize, matrix.rows());
            float weight = end > start ? 2f / (end - start) : 0f;
            for (int i = start; i < end; i++) {
                int row = order[f][i];
                int slot = f * batchSize + (i - start);
                System.arraycopy(matrix.data(), row * inputs, x, slot * inputs, inputs);
                y[slot] = target[row];
                w[slot] = weight;
            }
        }
        for (int l = 0; l < maskWidths.size(); l++) {
            drawMask(buffers.masks.get(l), maskWidths.get(l));
        }
        cursor++;
        return buffers.publish(onlyX);
    }

    /**
     * Every trial's mask for one layer, each keyed by one draw from its own stream in member order
     * ({@link DropoutMask}).
     */
    private void drawMask(float[] values, int width) {
        int at = 0;
        for (MaskGroup group : groups) {
            int length = group.members() * batchSize * width;
            if (group.dropout() > 0) {
                DropoutMask.draw(values, at, length, group.stream().nextInt(), 1 - group.dropout());
            } else {
                Arrays.fill(values, at, at + length, 1f);
            }
            at += length;
        }
    }

    private static int[] identity(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }
}
