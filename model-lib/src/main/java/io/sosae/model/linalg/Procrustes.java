package io.sosae.model.linalg;

/**
 * Orthogonal Procrustes: the rotation R that brings one set of codes as close as possible to
 * another, {@code R = argmin ||B R - A||_F over orthogonal R}, from the polar factor of {@code
 * M = B^T A} ({@code R = U V^T} for {@code M = U S V^T}).
 */
public final class Procrustes {
    private Procrustes() {}

    /**
     * The k x k rotation taking codes {@code b} (rows x k, row-major) onto codes {@code a} (rows x
     * ka, row-major): when ka < k the missing columns of a count as zero, when ka > k its extra
     * columns are ignored. Row-major R; a rank-deficient M (new directions with nothing to align
     * to) is completed with an orthonormal basis of the rest, so R is always orthogonal.
     */
    public static double[] rotation(float[] b, int k, float[] a, int ka, int rows) {
        double[] m = new double[k * k]; // B^T A_padded
        int shared = Math.min(k, ka);
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < k; i++) {
                double bi = b[r * k + i];
                for (int j = 0; j < shared; j++) {
                    m[i * k + j] += bi * a[r * ka + j];
                }
            }
        }
        // M^T M = V S^2 V^T; the columns u_j = M v_j / s_j, completed where s_j ~ 0
        double[] mtm = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double s = 0;
                for (int t = 0; t < k; t++) {
                    s += m[t * k + i] * m[t * k + j];
                }
                mtm[i * k + j] = s;
            }
        }
        Eigen.Decomposition e = Eigen.symmetric(mtm, k);
        double top = Math.sqrt(Math.max(e.values()[0], 0));
        double[] u = new double[k * k]; // columns u_j
        int rank = 0;
        for (int j = 0; j < k; j++) {
            double s = Math.sqrt(Math.max(e.values()[j], 0));
            if (!(s > 1e-9 * top) || top == 0) {
                break;
            }
            for (int i = 0; i < k; i++) {
                double sum = 0;
                for (int t = 0; t < k; t++) {
                    sum += m[i * k + t] * e.vectors()[t * k + j];
                }
                u[i * k + j] = sum / s;
            }
            rank++;
        }
        // the null directions: complete u and v with orthonormal bases of the rest, pairing them
        // in order (any pairing is a minimiser there)
        Eigen.orthonormalize(u, k, k); // keeps the first rank columns, replaces the vanished ones
        double[] r = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double s = 0;
                for (int t = 0; t < k; t++) {
                    s += u[i * k + t] * e.vectors()[j * k + t];
                }
                r[i * k + j] = s;
            }
        }
        return r;
    }

    /** a [rows x d]: columns 0..k-1 := a[:, :k] R (R's squares where {@code squared}). */
    public static void rotateColumns(float[] a, int rows, int d, int k, double[] r, boolean squared) {
        double[] row = new double[k];
        for (int i = 0; i < rows; i++) {
            java.util.Arrays.fill(row, 0);
            for (int t = 0; t < k; t++) {
                double v = a[i * d + t];
                for (int j = 0; j < k; j++) {
                    double rt = r[t * k + j];
                    row[j] += v * (squared ? rt * rt : rt);
                }
            }
            for (int j = 0; j < k; j++) {
                a[i * d + j] = (float) row[j];
            }
        }
    }

    /** a [d x n]: rows 0..k-1 := R^T a[:k, :] (R's squares where {@code squared}). */
    public static void rotateRows(float[] a, int n, int k, double[] r, boolean squared) {
        double[] out = new double[k * n];
        for (int t = 0; t < k; t++) {
            for (int j = 0; j < k; j++) {
                double rt = r[t * k + j];
                double w = squared ? rt * rt : rt;
                if (w == 0) {
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    out[j * n + i] += w * a[t * n + i];
                }
            }
        }
        for (int q = 0; q < k * n; q++) {
            a[q] = (float) out[q];
        }
    }
}
