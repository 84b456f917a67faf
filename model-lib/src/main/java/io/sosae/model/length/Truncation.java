package io.sosae.model.length;

import java.util.Arrays;

/** Cutting codes to their active length and padding them back with zeros. */
public final class Truncation {
    private Truncation() {}

    /** The first {@code length} values of a code. */
    public static float[] truncate(float[] code, int length) {
        if (length < 0 || length > code.length) {
            throw new IllegalArgumentException("length " + length + " outside [0, " + code.length + "]");
        }
        return Arrays.copyOf(code, length);
    }

    /** A code of {@code capacity} values: the given prefix followed by zeros. */
    public static float[] zeroPad(float[] prefix, int capacity) {
        if (prefix.length > capacity) {
            throw new IllegalArgumentException("prefix of " + prefix.length + " exceeds capacity " + capacity);
        }
        return Arrays.copyOf(prefix, capacity);
    }

    /** Zeroes, in place, units at and after {@code length} in every row of a row-major batch. */
    public static void zeroTail(float[] codes, int rows, int capacity, int length) {
        for (int b = 0; b < rows; b++) {
            Arrays.fill(codes, b * capacity + length, (b + 1) * capacity, 0f);
        }
    }
}
