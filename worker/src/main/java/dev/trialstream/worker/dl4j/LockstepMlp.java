package dev.trialstream.worker.dl4j;

import dev.trialstream.core.params.Hyperparameters;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * k copies of one MLP trained in lockstep as stacked ND4J arrays: every kernel is
 * {@code [k, in, out]}, every minibatch {@code [k, batch, in]}, so one batched matmul steps all
 * folds at once. Forward and backward passes are written out with ND4J ops and DL4J's own
 * activation functions, and the step uses DL4J's updaters on one flat parameter vector, as
 * {@code MultiLayerNetwork} does. No fold's loss depends on another fold's weights, and the
 * updaters are elementwise, so each fold's gradients and optimizer state stay its own.
 *
 * <p>Why not SameDiff: its graph session costs ~4 ms of Java bookkeeping per step on these
 * machines, several times the arithmetic of a small tabular net (see bench/README.md).
 */
final class LockstepMlp {

    private static final String ARENA_ID = "trialstream-lockstep";
    private static final WorkspaceConfiguration ARENA = WorkspaceConfiguration.builder()
            .initialSize(0)
            .overallocationLimit(0.2)
            .policyReset(ResetPolicy.BLOCK_LEFT)
            .cyclesBeforeInitialization(1)
            .policyLearning(LearningPolicy.OVER_TIME)
            .policySpill(SpillPolicy.REALLOCATE)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .build();

    private final int folds;
    private final int features;
    private final List<Integer> widths;
    private final IActivation activation;
    private final INDArray params;
    private final INDArray gradients;
    private final List<INDArray> kernels = new ArrayList<>();
    private final List<INDArray> biases = new ArrayList<>();
    private final List<INDArray> kernelGradients = new ArrayList<>();
    private final List<INDArray> biasGradients = new ArrayList<>();
    private final GradientUpdater<?> updater;
    private final ISchedule learningRate;
    private final List<Regularization> regularization;
    private int iteration;

    private LockstepMlp(Hyperparameters hyper, int folds, int features, long seed, int maxEpochs) {
        this.folds = folds;
        this.features = features;
        List<Integer> w = new ArrayList<>();
        for (int l = 0; l < hyper.hiddenLayers(); l++) {
            w.add(hyper.neurons());
        }
        w.add(1);
        this.widths = List.copyOf(w);
        this.activation = Activations.of(hyper.activation()).getActivationFunction();

        long count = 0;
        int fanIn = features;
        for (int width : widths) {
            count += (long) folds * fanIn * width + (long) folds * width;
            fanIn = width;
        }
        params = Nd4j.create(DataType.FLOAT, 1, count);
        gradients = Nd4j.create(DataType.FLOAT, 1, count);
        List<SplittableRandom> streams = foldStreams(seed, folds);
        long offset = 0;
        fanIn = features;
        for (int width : widths) {
            long kernelSize = (long) folds * fanIn * width;
            kernels.add(view(params, offset, folds, fanIn, width));
            kernelGradients.add(view(gradients, offset, folds, fanIn, width));
            kernels.get(kernels.size() - 1).assign(initialKernels(hyper, fanIn, width, streams));
            offset += kernelSize;
            biases.add(view(params, offset, folds, 1, width));
            biasGradients.add(view(gradients, offset, folds, 1, width));
            offset += (long) folds * width;
            fanIn = width;
        }

        IUpdater config = Updaters.updater(hyper, maxEpochs);
        learningRate = new EpochRateSchedule(hyper.lrSchedule(), hyper.learningRate(), maxEpochs);
        long stateSize = config.stateSize(count);
        INDArray state = stateSize > 0 ? Nd4j.create(DataType.FLOAT, 1, stateSize) : null;
        updater = config.instantiate(state, true);
        regularization = Updaters.regularization(hyper);
    }

    static LockstepMlp create(Hyperparameters hyper, int folds, int features, long seed, int maxEpochs) {
        return new LockstepMlp(hyper, folds, features, seed, maxEpochs);
    }

    /** Fold f's streams for weight init come from {@code seed} split f times. */
    static List<SplittableRandom> foldStreams(long seed, int folds) {
        SplittableRandom root = new SplittableRandom(seed);
        List<SplittableRandom> streams = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
            streams.add(root.split());
        }
        return streams;
    }

    private static INDArray view(INDArray flat, long offset, long... shape) {
        long length = 1;
        for (long s : shape) {
            length *= s;
        }
        return flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + length)).reshape('c', shape);
    }

    private static INDArray initialKernels(Hyperparameters hyper, int fanIn, int fanOut, List<SplittableRandom> streams) {
        float[] all = new float[streams.size() * fanIn * fanOut];
        for (int f = 0; f < streams.size(); f++) {
            float[] one = InitialWeights.kernel(hyper.weightInit(), fanIn, fanOut, streams.get(f));
            System.arraycopy(one, 0, all, f * one.length, one.length);
        }
        return Nd4j.create(all, new long[] {streams.size(), fanIn, fanOut}, 'c');
    }

    /** One optimizer step of every fold on its part of the next batch. */
    void step(StackedBatches batches, int epoch) {
        // Intermediates live in a thread-local arena reused every step: without it, native
        // allocation and deallocation cost more than the arithmetic of a small net.
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(ARENA, ARENA_ID)) {
            stepInArena(batches.next(), epoch);
        }
    }

    private void stepInArena(StackedBatches.Batch batch, int epoch) {
        int layers = widths.size();
        List<INDArray> inputs = new ArrayList<>(layers);
        List<INDArray> preActivations = new ArrayList<>(layers);
        INDArray h = batch.x();
        for (int l = 0; l < layers; l++) {
            inputs.add(h);
            INDArray z = Nd4j.matmul(h, kernels.get(l)).addi(biases.get(l));
            preActivations.add(z);
            if (l < layers - 1) {
                h = activation.getActivation(z.dup(), true);
                if (batch.hasMasks()) {
                    h.muli(batch.masks().get(l));
                }
            } else {
                h = z;
            }
        }
        // d(loss)/d(output): each row's weight already holds 2/n_fold, or 0 for padding.
        INDArray delta = h.subi(batch.y()).muli(batch.rowWeight());
        for (int l = layers - 1; l >= 0; l--) {
            Nd4j.matmul(inputs.get(l), delta, kernelGradients.get(l), true, false, false);
            delta.sum(biasGradients.get(l).reshape(folds, widths.get(l)), 1);
            if (l > 0) {
                INDArray upstream = Nd4j.matmul(delta, kernels.get(l), false, true, false);
                if (batch.hasMasks()) {
                    upstream.muli(batch.masks().get(l - 1));
                }
                delta = activation.backprop(preActivations.get(l - 1), upstream).getFirst();
            }
        }
        double lr = learningRate.valueAt(iteration, epoch);
        for (Regularization r : regularization) {
            if (r.applyStep() == Regularization.ApplyStep.BEFORE_UPDATER) {
                for (int l = 0; l < layers; l++) {
                    r.apply(kernels.get(l), kernelGradients.get(l), lr, iteration, epoch);
                }
            }
        }
        updater.applyUpdater(gradients, iteration, epoch);
        for (Regularization r : regularization) {
            if (r.applyStep() == Regularization.ApplyStep.POST_UPDATER) {
                for (int l = 0; l < layers; l++) {
                    r.apply(kernels.get(l), kernelGradients.get(l), lr, iteration, epoch);
                }
            }
        }
        params.subi(gradients);
        iteration++;
    }

    /** Forward pass without dropout: {@code [k, n, features]} → {@code [k, n, 1]}, as floats. */
    float[] predict(INDArray x) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(ARENA, ARENA_ID)) {
            INDArray h = x;
            for (int l = 0; l < widths.size(); l++) {
                INDArray z = Nd4j.matmul(h, kernels.get(l)).addi(biases.get(l));
                h = l < widths.size() - 1 ? activation.getActivation(z, false) : z;
            }
            return h.data().asFloat();
        }
    }

    int folds() {
        return folds;
    }

    int features() {
        return features;
    }

    /** Widths of the layers after the input; the output layer's 1 is last. */
    List<Integer> widths() {
        return widths;
    }

    /** Fold f's kernel of layer l as {@code [in, out]}. */
    INDArray kernel(int layer, int fold) {
        return kernels.get(layer).slice(fold).dup();
    }

    /** Fold f's bias of layer l as {@code [1, out]}. */
    INDArray bias(int layer, int fold) {
        return biases.get(layer).slice(fold).dup().reshape(1, widths.get(layer));
    }
}
