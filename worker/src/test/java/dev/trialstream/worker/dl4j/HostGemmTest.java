package dev.trialstream.worker.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link HostGemm}'s split of large products into calls OpenBLAS's small-matrix kernels take, and
 * {@link OpenBlasSmallKernels}' reading of where those kernels run.
 */
class HostGemmTest {

    private static final String AMD = "vendor_id\t: AuthenticAMD\nflags\t\t: fpu avx2 avx512f avx512dq avx512bw avx512vl\n";
    private static final String INTEL = "vendor_id\t: GenuineIntel\nflags\t\t: fpu avx2 avx512f avx512dq avx512bw avx512vl\n";
    private static final String INTEL_AVX2 = "vendor_id\t: GenuineIntel\nflags\t\t: fpu avx avx2 fma\n";

    @ParameterizedTest(name = "transA={0} transB={1} {2}x{3} inner {4}: {5} columns per call")
    @CsvSource({
        // the 3x256 forward products, batch 16 and 32: two calls of 128, three of 96 (M·N·K <= 10^6)
        "false, false, 16, 256, 256, 128",
        "false, false, 32, 256, 256, 96",
        // the backward product (B transposed: OpenBLAS's TN kernel needs M·N <= 1200): 1200/32 -> 32
        "false, true, 32, 256, 256, 32",
        "false, true, 16, 256, 256, 64",
        // the weight gradient (A transposed): 256 x 256 from 32 rows -> 122 -> 96
        "true, false, 256, 256, 32, 96",
        // the whole product qualifies: one call
        "false, false, 32, 64, 64, 64",
        "false, false, 32, 256, 13, 256",
        // a qualifying call would be narrower than 16 columns: one call
        "false, true, 128, 256, 256, 256",
        "false, false, 4096, 256, 256, 256",
        // TN with K < 32 and TT have no small kernel: one call
        "false, true, 16, 256, 16, 256",
        "true, true, 32, 256, 256, 256",
    })
    void columnsPerCall(boolean transA, boolean transB, int rows, int cols, int inner, int expected) {
        assertThat(HostGemm.columnsPerCall(transA, transB, rows, cols, inner)).isEqualTo(expected);
    }

    @Test
    void everySplitCallIsOneTheSmallKernelsTake() {
        for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
                for (int rows : new int[] {8, 16, 24, 32, 64, 100, 128, 256}) {
                    for (int cols : new int[] {16, 64, 100, 128, 256, 512}) {
                        for (int inner : new int[] {8, 13, 32, 64, 256, 512}) {
                            int chunk = HostGemm.columnsPerCall(transA, transB, rows, cols, inner);
                            assertThat(chunk).isBetween(1, cols);
                            if (chunk < cols) {
                                assertThat(chunk % 16).isZero();
                                assertThat((long) rows * chunk * inner).isLessThanOrEqualTo(1_000_000);
                                if (transB && !transA) {
                                    assertThat(chunk * rows).isLessThanOrEqualTo(1200);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "transA={0} transB={1}")
    @CsvSource({"false, false", "false, true", "true, false"})
    void splitProductsEqualTheWholeProducts(boolean transA, boolean transB) {
        int members = 2;
        int rows = 32;
        int cols = 256;
        int inner = 256;
        SplittableRandom random = new SplittableRandom(7);
        float[] a = random(random, members * rows * inner);
        float[] b = random(random, members * inner * cols);
        assertThat(HostGemm.columnsPerCall(transA, transB, rows, cols, inner)).isLessThan(cols);

        float[] split = product(true, members, rows, cols, inner, a, transA, b, transB);
        float[] whole = product(false, members, rows, cols, inner, a, transA, b, transB);

        for (int m = 0; m < members; m++) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    double exact = 0;
                    for (int k = 0; k < inner; k++) {
                        float x = transA ? a[m * rows * inner + k * rows + r] : a[m * rows * inner + r * inner + k];
                        float y = transB ? b[m * inner * cols + c * inner + k] : b[m * inner * cols + k * cols + c];
                        exact += (double) x * y;
                    }
                    int at = m * rows * cols + r * cols + c;
                    assertThat((double) split[at]).as("split, member %d (%d, %d)", m, r, c).isCloseTo(exact,
                            offset(1e-4));
                    assertThat((double) whole[at]).as("whole, member %d (%d, %d)", m, r, c).isCloseTo(exact,
                            offset(1e-4));
                }
            }
        }
    }

    @Test
    void aMembersSplitProductIsTheSameInAStackAsAlone() {
        int rows = 16;
        int cols = 256;
        int inner = 256;
        SplittableRandom random = new SplittableRandom(11);
        float[] a = random(random, 3 * rows * inner);
        float[] b = random(random, 3 * inner * cols);

        float[] stacked = product(true, 3, rows, cols, inner, a, false, b, false);
        float[] alone = product(true, 1, rows, cols, inner,
                Arrays.copyOfRange(a, 2 * rows * inner, 3 * rows * inner), false,
                Arrays.copyOfRange(b, 2 * inner * cols, 3 * inner * cols), false);

        assertThat(Arrays.copyOfRange(stacked, 2 * rows * cols, 3 * rows * cols)).containsExactly(alone);
    }

    @Test
    void smallKernels_whereOpenBlasRunsItsSkylakeXKernels() {
        assertThat(OpenBlasSmallKernels.available(Map.of("OPENBLAS_CORETYPE", "SkylakeX"), Optional.of(AMD))).isTrue();
        assertThat(OpenBlasSmallKernels.available(Map.of("OPENBLAS_CORETYPE", "cooperlake"), Optional.empty())).isTrue();
        assertThat(OpenBlasSmallKernels.available(Map.of(), Optional.of(INTEL))).isTrue();
    }

    @Test
    void noSmallKernels_elsewhere() {
        // a core chosen by the user wins over the CPU
        assertThat(OpenBlasSmallKernels.available(Map.of("OPENBLAS_CORETYPE", "Zen"), Optional.of(AMD))).isFalse();
        assertThat(OpenBlasSmallKernels.available(Map.of("OPENBLAS_CORETYPE", "Haswell"), Optional.of(INTEL))).isFalse();
        // OpenBLAS 0.3.19 runs its Zen kernels on AMD unless told otherwise
        assertThat(OpenBlasSmallKernels.available(Map.of(), Optional.of(AMD))).isFalse();
        assertThat(OpenBlasSmallKernels.available(Map.of(), Optional.of(INTEL_AVX2))).isFalse();
        assertThat(OpenBlasSmallKernels.available(Map.of("OPENBLAS_CORETYPE", " "), Optional.of(INTEL_AVX2))).isFalse();
        assertThat(OpenBlasSmallKernels.available(Map.of(), Optional.empty())).isFalse();
    }

    private static float[] product(boolean split, int members, int rows, int cols, int inner,
                                   float[] a, boolean transA, float[] b, boolean transB) {
        FloatPointer pa = new FloatPointer(a);
        FloatPointer pb = new FloatPointer(b);
        FloatPointer pc = new FloatPointer((long) members * rows * cols);
        HostGemm.stacked(split, members, rows, cols, inner, pa, 0, transA, pb, 0, transB, pc, 0);
        float[] out = new float[members * rows * cols];
        pc.position(0).get(out);
        return out;
    }

    private static float[] random(SplittableRandom random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextDouble() - 0.5);
        }
        return values;
    }
}
