package dev.trialstream.worker.dl4j;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.cblas_sgemm;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stacked matmuls on the CPU backend as one BLAS {@code sgemm} per member, straight on the arrays'
 * host buffers. ND4J's batched matmul of {@code [K, 32, 64] × [K, 64, 64]} takes 2-2.5× as long
 * as the same K {@code sgemm} calls (its batched path does not reach BLAS's kernels), and one
 * {@code Nd4j.gemm} per member costs more in Java than the arithmetic. Each member's product is
 * the same call whatever the other members, so packing changes no member's numbers.
 *
 * <p>Where OpenBLAS has its small-matrix kernels ({@link OpenBlasSmallKernels}), a product too large for
 * them is split by columns of C into calls small enough: those kernels skip the copies of both operands
 * that the regular ones make on every call. On 256-wide layers at batch 16–128, one member's products ran
 * 1.2–2.1× as fast (README, Performance).
 */
final class HostGemm {

    /** OpenBLAS's small-matrix limits for SkylakeX sgemm (0.3.19). */
    private static final long SMALL_MNK = 1_000_000;
    private static final int SMALL_TN_MN = 1200;
    private static final int SMALL_TN_MIN_K = 32;
    /** Floats in one AVX-512 register: split calls are this many columns wide, or a multiple. */
    private static final int LANES = 16;
    private static final boolean SPLIT = OpenBlasSmallKernels.here();

    private HostGemm() {
    }

    /**
     * The host buffer of a whole array (offset 0, row-major) as a pointer whose position the
     * calls below move; one per operand, made once per step.
     */
    static FloatPointer pointer(INDArray array) {
        if (array.offset() != 0 || array.ordering() != 'c') {
            throw new IllegalArgumentException("a whole row-major array is needed, found offset " + array.offset()
                    + " ordering " + array.ordering());
        }
        return new FloatPointer(array.data().addressPointer());
    }

    /**
     * For every member m: {@code C_m = op(A_m) × op(B_m)} with {@code C_m} {@code rows × cols},
     * inner dimension {@code inner}; operand m of each starts at its offset plus m times its stride.
     *
     * @param transA A_m is stored {@code inner × rows} (row-major) and used transposed
     * @param transB B_m is stored {@code cols × inner} and used transposed
     */
    static void stacked(int members, int rows, int cols, int inner,
                        FloatPointer a, long aOffset, boolean transA,
                        FloatPointer b, long bOffset, boolean transB,
                        FloatPointer c, long cOffset) {
        stacked(SPLIT, members, rows, cols, inner, a, aOffset, transA, b, bOffset, transB, c, cOffset);
    }

    /** As above, split into small-kernel calls or not as {@code split} says. */
    static void stacked(boolean split, int members, int rows, int cols, int inner,
                        FloatPointer a, long aOffset, boolean transA,
                        FloatPointer b, long bOffset, boolean transB,
                        FloatPointer c, long cOffset) {
        long aStride = (long) rows * inner;
        long bStride = (long) inner * cols;
        long cStride = (long) rows * cols;
        int lda = transA ? rows : inner;
        int ldb = transB ? inner : cols;
        int chunk = split ? columnsPerCall(transA, transB, rows, cols, inner) : cols;
        // Columns j.. of C_m take columns j.. of op(B_m): rows j.. of a transposed B, columns j.. otherwise.
        long bStep = transB ? (long) inner : 1;
        for (int m = 0; m < members; m++) {
            for (int j = 0; j < cols; j += chunk) {
                cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                        rows, Math.min(chunk, cols - j), inner, 1f,
                        a.position(aOffset + m * aStride), lda,
                        b.position(bOffset + m * bStride + j * bStep), ldb,
                        0f, c.position(cOffset + m * cStride + j), cols);
            }
        }
    }

    /**
     * How many of C's {@code cols} columns one call computes so that OpenBLAS's small-matrix kernels take it
     * (see {@link OpenBlasSmallKernels}): all of them when the whole product qualifies or when a qualifying
     * call would be narrower than one AVX-512 register (16 floats); else equal multiples of 16. A row-major
     * call is OpenBLAS's column-major {@code Cᵀ = op(B)ᵀ·op(A)ᵀ}: its M is {@code cols}, its N {@code rows},
     * its first operand transposed when B is.
     */
    static int columnsPerCall(boolean transA, boolean transB, int rows, int cols, int inner) {
        if (transA && transB) {
            return cols;
        }
        long most = SMALL_MNK / ((long) rows * inner);
        if (transB && !transA) {
            if (inner < SMALL_TN_MIN_K) {
                return cols;
            }
            most = Math.min(most, SMALL_TN_MN / rows);
        }
        if (most >= cols) {
            return cols;
        }
        int widest = (int) (most / LANES * LANES);
        if (widest < LANES) {
            return cols;
        }
        int calls = (cols + widest - 1) / widest;
        int even = ((cols + calls - 1) / calls + LANES - 1) / LANES * LANES;
        return Math.min(widest, even);
    }
}
