package dev.trialstream.core.data;

import java.util.SplittableRandom;

/** Seeded permutations of row indices: the one source of randomness for splits and folds (and TPE's start). */
public final class RowShuffle {

    private RowShuffle() {
    }

    /**
     * A uniformly random permutation of {@code 0 .. n-1} (Fisher–Yates driven by a
     * {@link SplittableRandom}), identical for the same {@code n} and {@code seed} on every JVM.
     */
    public static int[] permutation(int n, long seed) {
        return permutation(n, new SplittableRandom(seed));
    }

    /** As {@link #permutation(int, long)}, drawing from {@code random} ({@code n - 1} draws). */
    public static int[] permutation(int n, SplittableRandom random) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, found " + n);
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
