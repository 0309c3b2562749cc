import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.cblas_sgemm;

import org.bytedeco.javacpp.FloatPointer;

/**
 * sgemm through the OpenBLAS that ND4J ships (bytedeco), on the host step's shapes: forward
 * [M×256]·[256×256], backward [M×256]·[256×256]ᵀ and the weight gradient [M×256]ᵀ·[M×256].
 * Run by bench/gemm.sh with the trialstream jar on the class path.
 */
public class OpenBlasGemm {
    public static void main(String[] args) {
        for (int m : new int[] {16, 32, 64}) {
            FloatPointer x = new FloatPointer(m * 256L), w = new FloatPointer(256 * 256L);
            FloatPointer o = new FloatPointer(m * 256L), g = new FloatPointer(256 * 256L);
            for (int i = 0; i < m * 256; i++) { x.put(i, (float) Math.random()); o.put(i, 0f); }
            for (int i = 0; i < 256 * 256; i++) { w.put(i, (float) Math.random()); }
            double flops = 2.0 * m * 256 * 256;
            double[] best = new double[3];
            for (int round = 0; round < 5; round++) {
                int reps = 3000;
                long t0 = System.nanoTime();
                for (int r = 0; r < reps; r++) cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, 256, 256, 1f, x, 256, w, 256, 0f, o, 256);
                long t1 = System.nanoTime();
                for (int r = 0; r < reps; r++) cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, 256, 256, 1f, o, 256, w, 256, 0f, x, 256);
                long t2 = System.nanoTime();
                for (int r = 0; r < reps; r++) cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, 256, 256, m, 1f, x, 256, o, 256, 0f, g, 256);
                long t3 = System.nanoTime();
                best[0] = Math.max(best[0], flops * reps / (t1 - t0));
                best[1] = Math.max(best[1], flops * reps / (t2 - t1));
                best[2] = Math.max(best[2], flops * reps / (t3 - t2));
            }
            System.out.printf("openblas-nd4j M=%d forward %.1f backward %.1f weight-gradient %.1f GFLOP/s%n", m, best[0], best[1], best[2]);
        }
    }
}
