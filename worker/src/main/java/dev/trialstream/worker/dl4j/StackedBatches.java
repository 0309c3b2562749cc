package dev.trialstream.worker.dl4j;

import dev.trialstream.core.prep.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Cuts every fold's training rows into {@code [k, batch, in]} minibatches: step j holds batch j
 * of every fold. Folds of unequal size are padded with zero-weight rows, so each fold's loss is
 * the mean over its own real rows. Each fold is shuffled by its own seeded stream every epoch,
 * and dropout masks are drawn here too, so one seed replays the whole run.
 */
final class StackedBatches {

    /**
     * One lockstep step's inputs.
     *
     * @param rowWeight {@code [k, batch, 1]}: 2/n for a real row of a fold whose batch has n rows
     *                  (the derivative of a mean squared error), 0 for padding
     * @param masks     per hidden layer {@code [k, batch, width]}, already scaled by 1/keep
     */
    record Batch(INDArray x, INDArray y, INDArray rowWeight, List<INDArray> masks) {
        boolean hasMasks() {
            return !masks.isEmpty();
        }
    }

    private final List<Matrix> features;
    private final List<float[]> targets;
    private final int batchSize;
    private final int inputs;
    private final List<SplittableRandom> orderStreams;
    private final double keep;
    private final List<Integer> maskWidths;
    private final SplittableRandom maskStream;
    private final int steps;
    private final int[][] order;
    private int cursor;

    StackedBatches(List<Matrix> features, List<float[]> targets, int batchSize, List<SplittableRandom> orderStreams,
                   double dropout, List<Integer> maskWidths, SplittableRandom maskStream) {
        this.features = List.copyOf(features);
        this.targets = List.copyOf(targets);
        this.inputs = features.get(0).cols();
        this.orderStreams = List.copyOf(orderStreams);
        this.keep = 1 - dropout;
        this.maskWidths = dropout > 0 ? List.copyOf(maskWidths) : List.of();
        this.maskStream = maskStream;
        int largest = features.stream().mapToInt(Matrix::rows).max().orElseThrow();
        // A batch larger than the data would only pad: cap it, as Keras does implicitly.
        this.batchSize = Math.min(batchSize, largest);
        this.steps = (largest + this.batchSize - 1) / this.batchSize;
        this.order = new int[features.size()][];
        for (int f = 0; f < features.size(); f++) {
            order[f] = identity(features.get(f).rows());
        }
    }

    /** Reshuffles every fold (Fisher–Yates with its own stream) and rewinds. */
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
        if (!hasNext()) {
            throw new NoSuchElementException("epoch has " + steps + " steps");
        }
        int k = features.size();
        float[] x = new float[k * batchSize * inputs];
        float[] y = new float[k * batchSize];
        float[] w = new float[k * batchSize];
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
        List<INDArray> masks = new ArrayList<>(maskWidths.size());
        for (int width : maskWidths) {
            masks.add(mask(k, width));
        }
        cursor++;
        return new Batch(
                Nd4j.create(x, new long[] {k, batchSize, inputs}, 'c'),
                Nd4j.create(y, new long[] {k, batchSize, 1}, 'c'),
                Nd4j.create(w, new long[] {k, batchSize, 1}, 'c'),
                masks);
    }

    private INDArray mask(int k, int width) {
        float[] values = new float[k * batchSize * width];
        float scale = (float) (1 / keep);
        for (int i = 0; i < values.length; i++) {
            values[i] = maskStream.nextDouble() < keep ? scale : 0f;
        }
        return Nd4j.create(values, new long[] {k, batchSize, width}, 'c');
    }

    private static int[] identity(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }
}
