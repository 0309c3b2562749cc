package dev.trialstream.worker.dl4j;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The host step's loops that C2 does not vectorize by itself, written with the JDK's Vector API:
 * <ul>
 *   <li>the exp-based activations of {@link HostActivation} (tanh, sigmoid, ELU, SELU), whose
 *   {@code EXP} and {@code TANH} run as SIMD library calls on x86: about 1 ns an element on this
 *   CPU, against 10–15 ns for the scalar loops around {@code Math.exp}. Same formulas as the scalar
 *   loops, without branches: ELU's gate for {@code v > 0} is {@code exp(min(v, 0)) = 1};</li>
 *   <li>the dropout masks' hash ({@link DropoutMask}), eight units at a time.</li>
 * </ul>
 * Each returns where its scalar tail (shorter than a vector) starts. Loaded only when
 * {@link Simd#AVAILABLE}.
 */
final class VectorKernels {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;

    private static final FloatVector ONE = FloatVector.broadcast(SPECIES, 1f);

    private VectorKernels() {
    }

    /** {@code scale · elu_α(v)}, gate {@code scale · (v > 0 ? 1 : α·e^v)}; returns where the scalar tail starts. */
    static int scaledElu(float[] z, float[] gate, float[] mask, int length, float scale, float alpha) {
        int bound = SPECIES.loopBound(length);
        for (int i = 0; i < bound; i += SPECIES.length()) {
            FloatVector x = FloatVector.fromArray(SPECIES, z, i).add(FloatVector.fromArray(SPECIES, gate, i));
            FloatVector e = x.min(0f).lanewise(VectorOperators.EXP);
            FloatVector f;
            FloatVector g;
            if (alpha == 1f) {
                f = x.max(0f).add(e.sub(1f)).mul(scale); // e − 1 is exactly 0 for v > 0
                g = e.mul(scale);
            } else {
                FloatVector positive = x.max(0f).mul(1e38f).mul(1e38f).min(1f); // HostLayers.step
                f = x.max(0f).add(e.sub(1f).mul(alpha)).mul(scale);
                g = positive.add(e.mul(alpha).mul(positive.neg().add(1f))).mul(scale);
            }
            store(f, g, z, gate, mask, i);
        }
        return bound;
    }

    /** tanh(v), gate {@code 1 − tanh²(v)}. */
    static int tanh(float[] z, float[] gate, float[] mask, int length) {
        int bound = SPECIES.loopBound(length);
        for (int i = 0; i < bound; i += SPECIES.length()) {
            FloatVector t = FloatVector.fromArray(SPECIES, z, i).add(FloatVector.fromArray(SPECIES, gate, i))
                    .lanewise(VectorOperators.TANH);
            store(t, t.mul(t).neg().add(1f), z, gate, mask, i);
        }
        return bound;
    }

    /** 1/(1 + e^{−v}), gate {@code s·(1 − s)}. */
    static int sigmoid(float[] z, float[] gate, float[] mask, int length) {
        int bound = SPECIES.loopBound(length);
        for (int i = 0; i < bound; i += SPECIES.length()) {
            FloatVector v = FloatVector.fromArray(SPECIES, z, i).add(FloatVector.fromArray(SPECIES, gate, i));
            FloatVector s = ONE.div(v.neg().lanewise(VectorOperators.EXP).add(1f));
            store(s, s.mul(s.neg().add(1f)), z, gate, mask, i);
        }
        return bound;
    }

    private static void store(FloatVector f, FloatVector g, float[] z, float[] gate, float[] mask, int i) {
        if (mask != null) {
            FloatVector m = FloatVector.fromArray(SPECIES, mask, i);
            f = f.mul(m);
            g = g.mul(m);
        }
        f.intoArray(z, i);
        g.intoArray(gate, i);
    }

    /** {@link DropoutMask#draw}'s loop: unit j keeps ({@code scale}) when {@code hash(key + j·φ) >>> 16 < threshold}. */
    static int dropoutMask(float[] values, int from, int length, int key, int threshold, int scaleBits) {
        int bound = INTS.loopBound(length);
        IntVector lanes = IntVector.zero(INTS).addIndex(1);
        for (int j = 0; j < bound; j += INTS.length()) {
            IntVector x = lanes.add(j).mul(DropoutMask.GOLDEN).add(key);
            x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 16)).mul(DropoutMask.M1);
            x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 15)).mul(DropoutMask.M2);
            x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 16));
            IntVector kept = x.lanewise(VectorOperators.LSHR, 16).sub(threshold).lanewise(VectorOperators.ASHR, 31);
            kept.and(scaleBits).reinterpretAsFloats().intoArray(values, from + j);
        }
        return bound;
    }
}
