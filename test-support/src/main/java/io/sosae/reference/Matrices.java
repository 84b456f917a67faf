package io.sosae.reference;

import java.util.Arrays;

/** Copying and shape checks for the small double matrices of this package. */
final class Matrices {
    private Matrices() {}

    /** Deep copy of a rectangular, non-empty, finite matrix; fails with the given name otherwise. */
    static double[][] checkedCopy(double[][] m, String name) {
        if (m == null || m.length == 0 || m[0] == null || m[0].length == 0) {
            throw new IllegalArgumentException(name + " must be a non-empty matrix");
        }
        int cols = m[0].length;
        double[][] copy = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            if (m[i] == null || m[i].length != cols) {
                throw new IllegalArgumentException(name + " is not rectangular: row " + i + " has "
                        + (m[i] == null ? "no" : String.valueOf(m[i].length)) + " columns, row 0 has " + cols);
            }
            copy[i] = checkedCopy(m[i], name + "[" + i + "]");
        }
        return copy;
    }

    /** Copy of a finite vector; fails with the given name on null or non-finite values. */
    static double[] checkedCopy(double[] v, String name) {
        if (v == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is not finite: " + v[i]);
            }
        }
        return v.clone();
    }

    static double[][] copy(double[][] m) {
        double[][] copy = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            copy[i] = m[i].clone();
        }
        return copy;
    }

    static double[][] transpose(double[][] m) {
        double[][] t = new double[m[0].length][m.length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[0].length; j++) {
                t[j][i] = m[i][j];
            }
        }
        return t;
    }

    static boolean deepEquals(double[][] a, double[][] b) {
        return Arrays.deepEquals(a, b);
    }
}
