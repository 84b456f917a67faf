package io.sosae.model.linalg;

/** Dense symmetric linear algebra on row-major double arrays (small matrices, plain Java). */
public final class Eigen {
    private Eigen() {}

    /**
     * Orthonormalises the r columns of the n x r matrix q in place (modified Gram-Schmidt, twice
     * for stability); a column that vanishes is replaced by a unit vector orthogonal to the rest.
     */
    public static void orthonormalize(double[] q, int n, int r) {
        for (int pass = 0; pass < 2; pass++) {
            for (int j = 0; j < r; j++) {
                for (int p = 0; p < j; p++) {
                    double dot = 0;
                    for (int i = 0; i < n; i++) {
                        dot += q[i * r + p] * q[i * r + j];
                    }
                    for (int i = 0; i < n; i++) {
                        q[i * r + j] -= dot * q[i * r + p];
                    }
                }
                double norm = columnNorm(q, n, r, j);
                if (norm < 1e-12) {
                    replaceWithAxis(q, n, r, j);
                    norm = columnNorm(q, n, r, j);
                }
                for (int i = 0; i < n; i++) {
                    q[i * r + j] /= norm;
                }
            }
        }
    }

    private static double columnNorm(double[] q, int n, int r, int j) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += q[i * r + j] * q[i * r + j];
        }
        return Math.sqrt(s);
    }

    /** Column j := the coordinate axis least represented by columns 0..j-1, made orthogonal to them. */
    private static void replaceWithAxis(double[] q, int n, int r, int j) {
        int best = 0;
        double least = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int p = 0; p < j; p++) {
                s += q[i * r + p] * q[i * r + p];
            }
            if (s < least) {
                least = s;
                best = i;
            }
        }
        for (int i = 0; i < n; i++) {
            q[i * r + j] = i == best ? 1 : 0;
        }
        for (int p = 0; p < j; p++) {
            double dot = q[best * r + p];
            for (int i = 0; i < n; i++) {
                q[i * r + j] -= dot * q[i * r + p];
            }
        }
    }

    /** Eigen-decomposition of a symmetric r x r matrix. */
    public record Decomposition(double[] values, double[] vectors) {}

    /**
     * Eigen-decomposition of a symmetric r x r matrix (left unchanged): eigenvalues in descending
     * order, eigenvectors as the columns of a row-major r x r matrix. Householder tridiagonalisation
     * and implicit QL (Commons Math): at r = 64, the width of a sensor stream's buffer fit at every
     * promotion, several times faster than the cyclic Jacobi rotations used before.
     */
    public static Decomposition symmetric(double[] matrix, int r) {
        double[][] a = new double[r][r];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < r; j++) {
                // exactly symmetric, so that the symmetric path is taken whatever the rounding
                a[i][j] = i <= j ? matrix[i * r + j] : matrix[j * r + i];
            }
        }
        org.apache.commons.math3.linear.EigenDecomposition e = new org.apache.commons.math3.linear.EigenDecomposition(
                new org.apache.commons.math3.linear.Array2DRowRealMatrix(a, false));
        double[] raw = e.getRealEigenvalues();
        Integer[] order = new Integer[r];
        for (int i = 0; i < r; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(raw[y], raw[x]));
        double[] values = new double[r];
        double[] vectors = new double[r * r];
        for (int j = 0; j < r; j++) {
            values[j] = raw[order[j]];
            double[] v = e.getEigenvector(order[j]).toArray();
            for (int i = 0; i < r; i++) {
                vectors[i * r + j] = v[i];
            }
        }
        return new Decomposition(values, vectors);
    }
}
