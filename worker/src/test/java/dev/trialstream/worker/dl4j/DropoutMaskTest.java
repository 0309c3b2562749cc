package dev.trialstream.worker.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link DropoutMask}: the SIMD loop and the scalar definition agree unit for unit, at the drop rate asked. */
class DropoutMaskTest {

    @Test
    void everyUnit_isTheHashOfItsIndex_keptAtTheScaleOrZero() {
        int length = 100_003; // a scalar tail after the vector loop
        float[] values = new float[length + 7];
        double keep = 0.7;
        DropoutMask.draw(values, 7, length, 12345, keep);
        int threshold = (int) Math.round(keep * 65536);
        int kept = 0;
        for (int j = 0; j < length; j++) {
            boolean expected = (DropoutMask.hash(12345 + j * DropoutMask.GOLDEN) >>> 16) < threshold;
            assertThat(values[7 + j]).as("unit %d", j).isEqualTo(expected ? (float) (1 / keep) : 0f);
            kept += expected ? 1 : 0;
        }
        assertThat(values[6]).as("nothing written before the offset").isZero();
        // Binomial(100003, 0.7): sd 145; 5 sd either way.
        assertThat(kept).isBetween((int) (0.7 * length) - 725, (int) (0.7 * length) + 725);
    }

    @Test
    void anotherKey_givesAnotherMask_andNeighbouringUnitsAreUncorrelated() {
        int length = 65_536;
        float[] a = new float[length];
        float[] b = new float[length];
        DropoutMask.draw(a, 0, length, 1, 0.5);
        DropoutMask.draw(b, 0, length, 2, 0.5);
        int same = 0;
        int neighboursBothKept = 0;
        for (int j = 0; j < length; j++) {
            same += a[j] == b[j] ? 1 : 0;
            if (j > 0 && a[j] > 0 && a[j - 1] > 0) {
                neighboursBothKept++;
            }
        }
        // Independent halves: each about length/2 (sd 128), pairs kept about length/4 (sd ~111).
        assertThat(same).isBetween(length / 2 - 640, length / 2 + 640);
        assertThat(neighboursBothKept).isBetween(length / 4 - 560, length / 4 + 560);
    }
}
