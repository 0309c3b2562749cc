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
 */
final class HostGemm {

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
        long aStride = (long) rows * inner;
        long bStride = (long) inner * cols;
        long cStride = (long) rows * cols;
        int lda = transA ? rows : inner;
        int ldb = transB ? inner : cols;
        for (int m = 0; m < members; m++) {
            cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    rows, cols, inner, 1f,
                    a.position(aOffset + m * aStride), lda,
                    b.position(bOffset + m * bStride), ldb,
                    0f, c.position(cOffset + m * cStride), cols);
        }
    }
}
