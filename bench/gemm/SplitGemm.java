import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.cblas_sgemm;

import java.lang.reflect.Method;
import org.bytedeco.javacpp.FloatPointer;

/**
 * The host step's three products (forward X·W, backward D·Wᵀ, weight gradient Xᵀ·D) through ND4J's
 * OpenBLAS, one call each against split by columns of the result as trialstream's HostGemm splits them
 * where OpenBLAS has its small-matrix kernels (the rule is HostGemm.columnsPerCall, called here).
 * Run by bench/gemm.sh with the trialstream jar on the class path, once per OPENBLAS_CORETYPE.
 */
public class SplitGemm {

    public static void main(String[] args) throws Exception {
        Method rule = Class.forName("dev.trialstream.worker.dl4j.HostGemm")
                .getDeclaredMethod("columnsPerCall", boolean.class, boolean.class, int.class, int.class, int.class);
        rule.setAccessible(true);
        for (int n : new int[] {64, 128, 256}) {
            for (int m : new int[] {16, 32, 64, 128}) {
                FloatPointer x = random(m * (long) n), w = random((long) n * n), o = random(m * (long) n);
                FloatPointer g = random((long) n * n), d = random(m * (long) n);
                int[] chunks = {(int) rule.invoke(null, false, false, m, n, n), (int) rule.invoke(null, false, true, m, n, n),
                    (int) rule.invoke(null, true, false, n, n, m)};
                Call[] products = {
                    (j, c) -> cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, c, n, 1f,
                            x.position(0), n, w.position(j), n, 0f, o.position(j), n),
                    (j, c) -> cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, c, n, 1f,
                            d.position(0), n, w.position((long) j * n), n, 0f, x.position(j), n),
                    (j, c) -> cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, n, c, m, 1f,
                            x.position(0), n, d.position(j), n, 0f, g.position(j), n)};
                int reps = (int) Math.max(200, 1e8 / (2.0 * m * n * n));
                double flops = 2.0 * m * n * n * reps;
                double[][] best = new double[2][3];
                for (int round = 0; round < 5; round++) {
                    for (int split = 0; split < 2; split++) {
                        int[] widths = split == 0 ? new int[] {n, n, n} : chunks;
                        for (int p = 0; p < 3; p++) {
                            best[split][p] = Math.max(best[split][p], flops / time(reps, n, widths[p], products[p]));
                        }
                    }
                }
                System.out.printf("split width=%d rows=%d columns-per-call %d/%d/%d  forward %.1f -> %.1f  backward %.1f -> %.1f"
                        + "  weight-gradient %.1f -> %.1f GFLOP/s%n", n, m, chunks[0], chunks[1], chunks[2],
                        best[0][0], best[1][0], best[0][1], best[1][1], best[0][2], best[1][2]);
            }
        }
    }

    /** One product of C's columns j.. j+width-1. */
    private interface Call {
        void run(int j, int width);
    }

    /** Nanoseconds for {@code reps} products of {@code n} columns, {@code width} columns per call. */
    private static long time(int reps, int n, int width, Call call) {
        long start = System.nanoTime();
        for (int r = 0; r < reps; r++) {
            for (int j = 0; j < n; j += width) {
                call.run(j, Math.min(width, n - j));
            }
        }
        return System.nanoTime() - start;
    }

    private static FloatPointer random(long n) {
        FloatPointer p = new FloatPointer(n);
        for (long i = 0; i < n; i++) {
            p.put(i, (float) Math.random() - 0.5f);
        }
        return p;
    }
}
