package dev.trialstream.worker.dl4j;

/**
 * A dropout mask as a counter-based hash: unit j of a mask is kept, and scaled by 1/keep, when
 * {@code hash(key + j·φ) >>> 16 < keep·2¹⁶}, with {@code key} one draw from the trial's mask stream
 * per mask and {@code hash} the "lowbias32" integer finalizer (C. Wellons). No unit depends on the
 * one before it, so the loop runs eight units at a time ({@link VectorKernels#dropoutMask}) where a
 * sequential generator's could not: the masks were the host step's costliest Java loop after Adam.
 * The drop rate is exact to 1/65,536, and the result is the same with or without SIMD.
 */
final class DropoutMask {

    /** 2³²/φ, the Weyl step that spreads consecutive units over the hash's input. */
    static final int GOLDEN = 0x9E3779B9;
    static final int M1 = 0x7FEB352D;
    static final int M2 = 0x846CA68B;

    private DropoutMask() {
    }

    /**
     * Writes {@code length} mask values at {@code from}: {@code 1/keep} or 0.
     *
     * @param key the mask's draw from its trial's stream
     */
    static void draw(float[] values, int from, int length, int key, double keep) {
        int threshold = (int) Math.round(keep * 65536);
        int scaleBits = Float.floatToRawIntBits((float) (1 / keep));
        int j = Simd.AVAILABLE ? VectorKernels.dropoutMask(values, from, length, key, threshold, scaleBits) : 0;
        for (; j < length; j++) {
            values[from + j] = Float.intBitsToFloat(scaleBits & (((hash(key + j * GOLDEN) >>> 16) - threshold) >> 31));
        }
    }

    /** lowbias32: an invertible 32-bit mix with low bias. */
    static int hash(int x) {
        x ^= x >>> 16;
        x *= M1;
        x ^= x >>> 15;
        x *= M2;
        x ^= x >>> 16;
        return x;
    }
}
