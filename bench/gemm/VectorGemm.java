import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A plain Vector API micro-kernel for the forward shape [M×256]·[256×264] (row-major, a 4×24 tile of
 * C in 12 registers, one broadcast of A and three loads of B per k): what a Java GEMM for small
 * batches could reach, beside OpenBlasGemm. Not used by trialstream; run by bench/gemm.sh.
 */
public class VectorGemm {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_256;

    static void gemm(float[] a, float[] b, float[] c, int rows, int cols, int inner) {
        for (int i = 0; i < rows; i += 4) {
            for (int j = 0; j < cols; j += 24) {
                FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S);
                FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S);
                FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S);
                FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S);
                int ai = i * inner;
                for (int k = 0; k < inner; k++) {
                    int bk = k * cols + j;
                    FloatVector b0 = FloatVector.fromArray(S, b, bk);
                    FloatVector b1 = FloatVector.fromArray(S, b, bk + 8);
                    FloatVector b2 = FloatVector.fromArray(S, b, bk + 16);
                    FloatVector a0 = FloatVector.broadcast(S, a[ai + k]);
                    c00 = b0.fma(a0, c00); c01 = b1.fma(a0, c01); c02 = b2.fma(a0, c02);
                    FloatVector a1 = FloatVector.broadcast(S, a[ai + inner + k]);
                    c10 = b0.fma(a1, c10); c11 = b1.fma(a1, c11); c12 = b2.fma(a1, c12);
                    FloatVector a2 = FloatVector.broadcast(S, a[ai + 2 * inner + k]);
                    c20 = b0.fma(a2, c20); c21 = b1.fma(a2, c21); c22 = b2.fma(a2, c22);
                    FloatVector a3 = FloatVector.broadcast(S, a[ai + 3 * inner + k]);
                    c30 = b0.fma(a3, c30); c31 = b1.fma(a3, c31); c32 = b2.fma(a3, c32);
                }
                int ci = i * cols + j;
                c00.intoArray(c, ci); c01.intoArray(c, ci + 8); c02.intoArray(c, ci + 16);
                c10.intoArray(c, ci + cols); c11.intoArray(c, ci + cols + 8); c12.intoArray(c, ci + cols + 16);
                c20.intoArray(c, ci + 2 * cols); c21.intoArray(c, ci + 2 * cols + 8); c22.intoArray(c, ci + 2 * cols + 16);
                c30.intoArray(c, ci + 3 * cols); c31.intoArray(c, ci + 3 * cols + 8); c32.intoArray(c, ci + 3 * cols + 16);
            }
        }
    }

    public static void main(String[] args) {
        int cols = 264;
        int inner = 256;
        for (int rows : new int[] {16, 32, 64}) {
            float[] a = new float[rows * inner], b = new float[inner * cols], c = new float[rows * cols];
            java.util.Random random = new java.util.Random(1);
            for (int i = 0; i < a.length; i++) a[i] = random.nextFloat();
            for (int i = 0; i < b.length; i++) b[i] = random.nextFloat();
            double best = 0;
            for (int round = 0; round < 5; round++) {
                int reps = 3000;
                long t = System.nanoTime();
                for (int r = 0; r < reps; r++) gemm(a, b, c, rows, cols, inner);
                best = Math.max(best, 2.0 * rows * cols * inner * reps / (System.nanoTime() - t));
            }
            double error = 0;
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    double sum = 0;
                    for (int k = 0; k < inner; k++) sum += (double) a[i * inner + k] * b[k * cols + j];
                    error = Math.max(error, Math.abs(sum - c[i * cols + j]) / sum);
                }
            }
            System.out.printf("vector-api M=%d forward %.1f GFLOP/s (max relative error %.1e)%n", rows, best, error);
        }
    }
}
