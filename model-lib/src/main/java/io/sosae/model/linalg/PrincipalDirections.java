package io.sosae.model.linalg;

import java.util.SplittableRandom;

/**
 * The mean and the leading principal directions of a block of rows: a closed-form fit, the
 * starting point of a model that should be at least as good as PCA from its first version.
 *
 * @param dim n, values per row
 * @param mean [n]
 * @param directions row-major [count x n]: direction k is {@code directions[k * n .. k * n + n)},
 *     orthonormal, by descending variance
 * @param variances [count], descending
 */
public record PrincipalDirections(int dim, double[] mean, double[] directions, double[] variances) {

    /** Above this width the covariance is reduced by subspace iteration before Jacobi. */
    private static final int DIRECT_LIMIT = 160;

    private static final int SUBSPACE_ITERATIONS = 12;

    public int count() {
        return variances.length;
    }

    /** Direction k as a new array of n values. */
    public double[] direction(int k) {
        return java.util.Arrays.copyOfRange(directions, k * dim, (k + 1) * dim);
    }

    /**
     * Fits the first {@code rows} rows of a row-major block: mean, covariance, and its {@code
     * count} leading eigenvectors (all of them by Jacobi rotations for narrow rows; by subspace
     * iteration with oversampling and a Rayleigh-Ritz step for wide ones).
     */
    public static PrincipalDirections fit(float[] data, int rows, int dim, int count, long seed) {
        if (rows < 1 || count < 1 || count > dim || data.length < (long) rows * dim) {
            throw new IllegalArgumentException(
                    "need rows >= 1 and 1 <= count <= dim, had rows=" + rows + ", count=" + count + ", dim=" + dim);
        }
        double[] mean = new double[dim];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < dim; i++) {
                mean[i] += data[r * dim + i];
            }
        }
        for (int i = 0; i < dim; i++) {
            mean[i] /= rows;
        }
        double[] cov = covariance(data, rows, dim, mean);
        double[] vectors; // row-major [count x n]
        double[] values = new double[count];
        if (dim <= DIRECT_LIMIT) {
            Eigen.Decomposition e = Eigen.symmetric(cov, dim);
            vectors = new double[count * dim];
            for (int k = 0; k < count; k++) {
                values[k] = Math.max(0, e.values()[k]);
                for (int i = 0; i < dim; i++) {
                    vectors[k * dim + i] = e.vectors()[i * dim + k];
                }
            }
        } else {
            int r = Math.min(dim, count + 10);
            double[] q = new double[dim * r]; // n x r, column-major in the Eigen sense: q[i * r + j]
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < q.length; i++) {
                q[i] = random.nextGaussian();
            }
            Eigen.orthonormalize(q, dim, r);
            for (int it = 0; it < SUBSPACE_ITERATIONS; it++) {
                q = multiply(cov, q, dim, r);
                Eigen.orthonormalize(q, dim, r);
            }
            double[] cq = multiply(cov, q, dim, r);
            double[] small = new double[r * r]; // q^T C q
            for (int a = 0; a < r; a++) {
                for (int b = 0; b < r; b++) {
                    double s = 0;
                    for (int i = 0; i < dim; i++) {
                        s += q[i * r + a] * cq[i * r + b];
                    }
                    small[a * r + b] = s;
                }
            }
            for (int a = 0; a < r; a++) { // symmetrise rounding
                for (int b = a + 1; b < r; b++) {
                    small[a * r + b] = small[b * r + a] = 0.5 * (small[a * r + b] + small[b * r + a]);
                }
            }
            Eigen.Decomposition e = Eigen.symmetric(small, r);
            vectors = new double[count * dim];
            for (int k = 0; k < count; k++) {
                values[k] = Math.max(0, e.values()[k]);
                for (int i = 0; i < dim; i++) {
                    double s = 0;
                    for (int a = 0; a < r; a++) {
                        s += q[i * r + a] * e.vectors()[a * r + k];
                    }
                    vectors[k * dim + i] = s;
                }
            }
        }
        return new PrincipalDirections(dim, mean, vectors, values);
    }

    private static double[] covariance(float[] data, int rows, int dim, double[] mean) {
        double[] cov = new double[dim * dim];
        double[] centred = new double[dim];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < dim; i++) {
                centred[i] = data[r * dim + i] - mean[i];
            }
            for (int i = 0; i < dim; i++) {
                double ci = centred[i];
                if (ci == 0) {
                    continue;
                }
                int row = i * dim;
                for (int j = i; j < dim; j++) {
                    cov[row + j] += ci * centred[j];
                }
            }
        }
        for (int i = 0; i < dim; i++) {
            for (int j = i; j < dim; j++) {
                double v = cov[i * dim + j] / rows;
                cov[i * dim + j] = v;
                cov[j * dim + i] = v;
            }
        }
        return cov;
    }

    /** a [n x n] times q [n x r] (both row-major). */
    private static double[] multiply(double[] a, double[] q, int n, int r) {
        double[] out = new double[n * r];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double aik = a[i * n + k];
                if (aik == 0) {
                    continue;
                }
                int qk = k * r;
                int oi = i * r;
                for (int j = 0; j < r; j++) {
                    out[oi + j] += aik * q[qk + j];
                }
            }
        }
        return out;
    }
}
