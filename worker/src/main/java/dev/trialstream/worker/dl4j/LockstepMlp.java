package dev.trialstream.worker.dl4j;

import dev.trialstream.core.params.Hyperparameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * K copies ("members") of one MLP shape trained in lockstep as stacked ND4J arrays: every kernel
 * is {@code [K, in, out]}, every minibatch {@code [K, batch, in]}, so one batched matmul steps all
 * members at once. A member is one fold of one trial: the k folds of a trial, or the folds of
 * several trials packed together. Forward and backward passes are written out with ND4J ops and
 * DL4J's own activation functions, and the step uses a DL4J updater on one flat parameter vector,
 * as {@code MultiLayerNetwork} does. No member's loss depends on another member's weights, and
 * the updaters are elementwise, so each member's gradients and optimizer state stay its own. On
 * the CPU the same passes run as BLAS calls and Java loops ({@link HostStep}) and every optimizer
 * but AdaGrad and Nadam steps in Java ({@link HostUpdater}); {@link StackedLayout} says where each
 * member's numbers sit in the flat vectors.
 *
 * <p>The per-member numbers (learning rate and its schedule, L2 or decoupled decay) are flat
 * vectors laid out like the parameters and applied elementwise around an updater whose own rate
 * is 1 (see {@link Updaters}); initial weights come from each member's own stream and
 * weight-init scheme. {@link #retain} drops members (a trial that stopped) and keeps the others'
 * weights and optimizer state, so the survivors go on exactly as if alone.
 *
 * <p>Why not SameDiff: its graph session costs ~4 ms of Java bookkeeping per step on these
 * machines, several times the arithmetic of a small tabular net (see bench/README.md).
 */
final class LockstepMlp {

    /**
     * One member's own numbers.
     *
     * @param params     its trial's hyperparameters (the shape must equal every other member's)
     * @param maxEpochs  its trial's epoch budget (the learning-rate schedule spans it)
     * @param initStream draws its initial weights
     */
    record Member(Hyperparameters params, int maxEpochs, SplittableRandom initStream) {
    }

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

    private final List<Member> members;
    private final int count;
    private final int features;
    private final StackedLayout layout;
    private final List<Integer> widths;
    private final Hyperparameters shape;
    private final IActivation activation;
    /** ReLU takes a faster path than DL4J's activation API: one gate array per hidden layer. */
    private final boolean relu;
    /** Tanh keeps its output for the backward pass (see {@link TanhGradient}); null for other activations. */
    private final TanhGradient tanh;
    private final long size;
    private final INDArray params;
    private final INDArray gradients;
    private final INDArray state;
    private final List<INDArray> kernels = new ArrayList<>();
    private final List<INDArray> biases = new ArrayList<>();
    private final List<INDArray> kernelGradients = new ArrayList<>();
    /** Per layer, member m's bias gradient as row m of {@code [K, width]} (the batch sum's output, made once). */
    private final List<INDArray> biasGradients = new ArrayList<>();
    /** ND4J's updater, or null when {@link #hostUpdater} steps in Java. */
    private final GradientUpdater<?> updater;
    /** Adam, AdamW, RMSProp, Nesterov and SGD step in Java on {@link #javaParams} (CPU only); null for AdaGrad and Nadam. */
    private final HostUpdater hostUpdater;
    /** With {@link #hostUpdater}: the parameters' authoritative copy, written to {@link #params} after every step. */
    private final float[] javaParams;
    private final float[] javaGradients;
    private float[] javaRates;
    private float[] javaL2;
    private float[] javaDecay;
    private final boolean rateScalesGradient;
    /** Per parameter: its member's learning rate at {@link #ratesEpoch}. */
    private final INDArray rates;
    /** Per kernel parameter: its member's coupled L2 coefficient; null when no member has one. */
    private final INDArray l2;
    /** Per kernel parameter: its member's decoupled decay × learning rate; null when no member has one. */
    private final INDArray decay;
    private final double[] decayCoefficients;
    private int ratesEpoch = -1;
    private StepBuffers stepBuffers;
    /** With a host updater on the CPU, the forward and backward passes in Java and BLAS; null for ND4J's ops. */
    private final HostStep hostStep;

    /**
     * The matmul outputs of a step, allocated once outside the arena: a batched matmul that
     * allocates its own output costs a third more than one writing into an existing array.
     */
    private final class StepBuffers {
        final int rows;
        final List<INDArray> forward = new ArrayList<>();
        final List<INDArray> upstream = new ArrayList<>();

        StepBuffers(int rows) {
            this.rows = rows;
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                for (int width : widths) {
                    forward.add(Nd4j.create(DataType.FLOAT, count, rows, width));
                    if (forward.size() < widths.size()) {
                        upstream.add(Nd4j.create(DataType.FLOAT, count, rows, width));
                    }
                }
            }
        }
    }
    private int iteration;

    private LockstepMlp(List<Member> members, int features, float[] initialParams, float[] initialState, int iteration,
                        boolean allowHostStep) {
        this.members = List.copyOf(members);
        this.count = members.size();
        this.features = features;
        this.shape = members.get(0).params();
        for (Member member : members) {
            Hyperparameters p = member.params();
            if (p.hiddenLayers() != shape.hiddenLayers() || p.neurons() != shape.neurons()
                    || p.activation() != shape.activation() || p.optimizer() != shape.optimizer()) {
                throw new IllegalArgumentException("members of one stacked network must share depth, width, "
                        + "activation and optimizer: " + shape.describe() + " vs " + p.describe());
            }
        }
        this.layout = StackedLayout.of(count, features, shape.hiddenLayers(), shape.neurons());
        this.widths = layout.widths();
        this.activation = Activations.of(shape.activation()).getActivationFunction();
        this.relu = shape.activation() == dev.trialstream.core.params.Activation.RELU;
        this.tanh = shape.activation() == dev.trialstream.core.params.Activation.TANH ? new TanhGradient() : null;
        this.size = layout.size();

        params = Nd4j.create(initialParams, new long[] {1, size}, 'c');
        gradients = Nd4j.create(DataType.FLOAT, 1, size);
        long offset = 0;
        int fanIn = features;
        for (int width : widths) {
            kernels.add(view(params, offset, count, fanIn, width));
            kernelGradients.add(view(gradients, offset, count, fanIn, width));
            offset += (long) count * fanIn * width;
            biases.add(view(params, offset, count, 1, width));
            biasGradients.add(view(gradients, offset, count, width));
            offset += (long) count * width;
            fanIn = width;
        }

        double[] l2Coefficients = new double[count];
        decayCoefficients = new double[count];
        for (int m = 0; m < count; m++) {
            l2Coefficients[m] = Updaters.coupledL2(shape.optimizer(), members.get(m).params().l2());
            decayCoefficients[m] = Updaters.decoupledDecay(shape.optimizer(), members.get(m).params().l2());
        }
        rateScalesGradient = Updaters.rateScalesGradient(shape.optimizer());
        // On a GPU the parameters stay on the device: ND4J's own updater there, not a host-side loop.
        HostUpdater host = Nd4j.getEnvironment().isCPU()
                ? HostUpdater.of(shape.optimizer(), (int) size, blocks(initialState, (int) size)) : null;
        if (host != null) {
            hostUpdater = host;
            javaParams = initialParams.clone();
            javaGradients = new float[(int) size];
            javaL2 = anyPositive(l2Coefficients) ? layout.perParameter(l2Coefficients, false) : null;
            state = null;
            updater = null;
            rates = null;
            l2 = null;
            decay = null;
        } else {
            hostUpdater = null;
            javaParams = null;
            javaGradients = null;
            IUpdater config = Updaters.unitRate(shape.optimizer());
            long stateSize = config.stateSize(size);
            state = stateSize > 0 ? (initialState == null ? Nd4j.create(DataType.FLOAT, 1, stateSize)
                    : Nd4j.create(initialState, new long[] {1, stateSize}, 'c')) : null;
            updater = config.instantiate(state, initialState == null);
            rates = Nd4j.create(DataType.FLOAT, 1, size);
            l2 = anyPositive(l2Coefficients) ? kernelVector(l2Coefficients) : null;
            decay = anyPositive(decayCoefficients) ? Nd4j.create(DataType.FLOAT, 1, size) : null;
        }
        this.hostStep = allowHostStep && hostUpdater != null && layout.hiddenLayers() > 0
                ? new HostStep(layout, HostActivation.of(shape.activation()), params, gradients, javaParams, javaGradients)
                : null;
        this.iteration = iteration;
    }

    /** A fresh network: each member's kernels drawn from its own stream, biases zero. */
    static LockstepMlp create(List<Member> members, int features) {
        return create(members, features, true);
    }

    /**
     * {@link #create(List, int)}; without {@code hostStep} a network steps with ND4J ops
     * even where {@link #hostStepInArena} would (tests compare the two).
     */
    static LockstepMlp create(List<Member> members, int features, boolean hostStep) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a stacked network needs at least one member");
        }
        Hyperparameters first = members.get(0).params();
        StackedLayout layout = StackedLayout.of(members.size(), features, first.hiddenLayers(), first.neurons());
        int count = members.size();
        long total = layout.size();
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a stacked network of " + count + " members (the folds of each "
                    + "trial trained together) of hiddenLayers " + first.hiddenLayers() + " x neurons " + first.neurons()
                    + " has " + total + " parameters, more than one Java array holds (" + Integer.MAX_VALUE
                    + "): use fewer neurons or hidden layers, or pack fewer trials");
        }
        float[] initial = new float[(int) total];
        int offset = 0;
        int fanIn = features;
        for (int width : layout.widths()) {
            for (Member member : members) {
                float[] one = InitialWeights.kernel(member.params().weightInit(), fanIn, width, member.initStream());
                System.arraycopy(one, 0, initial, offset, one.length);
                offset += one.length;
            }
            offset += count * width;
            fanIn = width;
        }
        return new LockstepMlp(members, features, initial, null, 0, hostStep);
    }

    /** The k folds of one trial, each with its own init stream from {@code seed}. */
    static LockstepMlp create(Hyperparameters hyper, int folds, int features, long seed, int maxEpochs) {
        List<Member> members = new ArrayList<>();
        for (SplittableRandom stream : foldStreams(seed, folds)) {
            members.add(new Member(hyper, maxEpochs, stream));
        }
        return create(members, features);
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

    /**
     * A network of only the members {@code keep} (ascending indexes), with their weights, optimizer
     * state and step count: they go on as if the others had never been there.
     */
    LockstepMlp retain(int[] keep) {
        List<Member> kept = new ArrayList<>(keep.length);
        for (int m : keep) {
            kept.add(members.get(m));
        }
        float[] keptParams = layout.gather(params.data().asFloat(), keep);
        float[] keptState = null;
        if (hostUpdater != null) {
            int keptSize = (int) layout.withMembers(keep.length).size();
            float[][] blocks = hostUpdater.state();
            keptState = new float[blocks.length * keptSize];
            for (int b = 0; b < blocks.length; b++) {
                System.arraycopy(layout.gather(blocks[b], keep), 0, keptState, b * keptSize, keptSize);
            }
        } else if (state != null) {
            float[] all = state.data().asFloat();
            int blocks = (int) (all.length / size);
            int keptSize = (int) layout.withMembers(keep.length).size();
            keptState = new float[blocks * keptSize];
            for (int b = 0; b < blocks; b++) {
                float[] block = java.util.Arrays.copyOfRange(all, (int) (b * size), (int) ((b + 1) * size));
                System.arraycopy(layout.gather(block, keep), 0, keptState, b * keptSize, keptSize);
            }
        }
        return new LockstepMlp(kept, features, keptParams, keptState, iteration, hostStep != null);
    }

    /** A flat state of {@code size}-long blocks (as {@link #retain} passes it) cut into its blocks; null stays null. */
    private static float[][] blocks(float[] flat, int size) {
        if (flat == null) {
            return null;
        }
        float[][] out = new float[flat.length / size][];
        for (int b = 0; b < out.length; b++) {
            out[b] = Arrays.copyOfRange(flat, b * size, (b + 1) * size);
        }
        return out;
    }

    private static boolean anyPositive(double[] values) {
        for (double v : values) {
            if (v > 0) {
                return true;
            }
        }
        return false;
    }

    /** A flat vector laid out like the parameters: member m's kernel entries hold {@code perMember[m]}, biases 0. */
    private INDArray kernelVector(double[] perMember) {
        return Nd4j.create(layout.perParameter(perMember, false), new long[] {1, size}, 'c');
    }

    private static INDArray view(INDArray flat, long offset, long... shape) {
        long length = 1;
        for (long s : shape) {
            length *= s;
        }
        return flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + length)).reshape('c', shape);
    }

    /** Sets every member's learning rate (and decay × rate) for a 0-based epoch. */
    private void ratesFor(int epoch) {
        if (epoch == ratesEpoch) {
            return;
        }
        double[] lr = new double[count];
        double[] decayLr = new double[count];
        for (int m = 0; m < count; m++) {
            Member member = members.get(m);
            Hyperparameters p = member.params();
            lr[m] = p.lrSchedule().rate(p.learningRate(), epoch, member.maxEpochs());
            decayLr[m] = decayCoefficients[m] * lr[m];
        }
        if (hostUpdater != null) {
            javaRates = layout.perParameter(lr, true);
            javaDecay = anyPositive(decayLr) ? layout.perParameter(decayLr, false) : null;
        } else {
            rates.assign(Nd4j.create(layout.perParameter(lr, true), new long[] {1, size}, 'c'));
            if (decay != null) {
                decay.assign(Nd4j.create(layout.perParameter(decayLr, false), new long[] {1, size}, 'c'));
            }
        }
        ratesEpoch = epoch;
    }

    /** One optimizer step of every member on its part of the next batch; {@code epoch} is 0-based. */
    void step(StackedBatches batches, int epoch) {
        ratesFor(epoch);
        // Intermediates live in a thread-local arena reused every step: without it, native
        // allocation and deallocation cost more than the arithmetic of a small net.
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(ARENA, ARENA_ID)) {
            if (hostStep != null) {
                hostStepInArena(batches.next(true));
            } else {
                stepInArena(batches.next(), epoch);
            }
        }
    }

    private void stepInArena(StackedBatches.Batch batch, int epoch) {
        int layers = widths.size();
        int rows = (int) batch.x().size(1);
        if (stepBuffers == null || stepBuffers.rows != rows) {
            stepBuffers = new StepBuffers(rows);
        }
        List<INDArray> inputs = new ArrayList<>(layers);
        // Per hidden layer: for ReLU the gate (1 where z > 0, times the dropout mask), for tanh its
        // output before dropout, else z itself.
        List<INDArray> saved = new ArrayList<>(layers);
        INDArray h = batch.x();
        for (int l = 0; l < layers; l++) {
            inputs.add(h);
            INDArray z = Nd4j.matmul(h, kernels.get(l), stepBuffers.forward.get(l), false, false, false)
                    .addi(biases.get(l));
            if (l == layers - 1) {
                h = z;
            } else if (relu) {
                // relu(z) × mask = z × (step(z) × mask): one gate serves the forward and the backward pass.
                INDArray gate = Transforms.step(z, true);
                if (batch.hasMasks()) {
                    gate.muli(batch.masks().get(l));
                }
                saved.add(gate);
                h = z.muli(gate);
            } else if (tanh != null) {
                INDArray t = Transforms.tanh(z, true);
                saved.add(t);
                h = batch.hasMasks() ? t.mul(batch.masks().get(l)) : t;
            } else {
                saved.add(z);
                h = activation.getActivation(z.dup(), true);
                if (batch.hasMasks()) {
                    h.muli(batch.masks().get(l));
                }
            }
        }
        // d(loss)/d(output): each row's weight already holds 2/n_member, or 0 for padding.
        INDArray delta = h.subi(batch.y()).muli(batch.rowWeight());
        for (int l = layers - 1; l >= 0; l--) {
            Nd4j.matmul(inputs.get(l), delta, kernelGradients.get(l), true, false, false);
            delta.sum(biasGradients.get(l), 1);
            if (l > 0) {
                INDArray upstream = Nd4j.matmul(delta, kernels.get(l), stepBuffers.upstream.get(l - 1), false, true, false);
                if (relu) {
                    delta = upstream.muli(saved.get(l - 1));
                } else if (tanh != null) {
                    delta = tanh.backprop(saved.get(l - 1), upstream, batch.hasMasks() ? batch.masks().get(l - 1) : null);
                } else {
                    if (batch.hasMasks()) {
                        upstream.muli(batch.masks().get(l - 1));
                    }
                    delta = activation.backprop(saved.get(l - 1), upstream).getFirst();
                }
            }
        }
        if (hostUpdater != null) {
            HostStep.read(gradients, 0, javaGradients, javaGradients.length);
            hostUpdater.step(javaParams, javaGradients, iteration, javaRates, javaL2, javaDecay);
            HostStep.write(javaParams, params);
            iteration++;
            return;
        }
        if (l2 != null) {
            gradients.addi(params.mul(l2));
        }
        if (rateScalesGradient) {
            gradients.muli(rates);
        }
        updater.applyUpdater(gradients, iteration, epoch);
        if (!rateScalesGradient) {
            gradients.muli(rates);
        }
        if (decay != null) {
            gradients.addi(params.mul(decay));
        }
        params.subi(gradients);
        iteration++;
    }

    /** {@link #stepInArena} with {@link #hostStep}'s passes; the host updater steps the Java parameters. */
    private void hostStepInArena(StackedBatches.Batch batch) {
        hostStep.gradients(batch);
        hostUpdater.step(javaParams, javaGradients, iteration, javaRates, javaL2, javaDecay);
        HostStep.write(javaParams, params);
        iteration++;
    }

    /** Forward pass without dropout: {@code [K, n, features]} → {@code [K, n, 1]}, as floats. */
    float[] predict(INDArray x) {
        if (hostStep != null) {
            return hostStep.predict(x);
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(ARENA, ARENA_ID)) {
            INDArray h = x;
            for (int l = 0; l < widths.size(); l++) {
                INDArray z = Nd4j.matmul(h, kernels.get(l)).addi(biases.get(l));
                h = l < widths.size() - 1 ? activation.getActivation(z, false) : z;
            }
            return h.data().asFloat();
        }
    }

    int members() {
        return count;
    }

    int features() {
        return features;
    }

    /** Widths of the layers after the input; the output layer's 1 is last. */
    List<Integer> widths() {
        return widths;
    }

    /** Member m's kernel of layer l as {@code [in, out]}. */
    INDArray kernel(int layer, int member) {
        int fanIn = layout.fanIn(layer);
        return copy(layout.layerOffset(layer) + (long) member * fanIn * widths.get(layer), fanIn, widths.get(layer));
    }

    /** Member m's bias of layer l as {@code [1, out]}. */
    INDArray bias(int layer, int member) {
        return copy(layout.biasOffset(layer) + (long) member * widths.get(layer), 1, widths.get(layer));
    }

    /**
     * A copy of {@code rows × cols} parameters from {@code offset}, read from the flat vector:
     * ND4J's {@code slice} of a member of a view fails to copy for members past the first.
     */
    private INDArray copy(long offset, int rows, int cols) {
        float[] values = new float[rows * cols];
        System.arraycopy(params.data().asFloat(), (int) offset, values, 0, values.length);
        return Nd4j.create(values, new long[] {rows, cols}, 'c');
    }
}
