package io.sosae.model.train;

import java.util.SplittableRandom;

/** Seeded Fisher-Yates permutations of row indices, as longs for index arrays. */
public final class Shuffle {
    private Shuffle() {}

    public static long[] permutation(int rows, SplittableRandom rnd) {
        long[] p = new long[rows];
        for (int i = 0; i < rows; i++) {
            p[i] = i;
        }
        for (int i = rows - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            long t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
