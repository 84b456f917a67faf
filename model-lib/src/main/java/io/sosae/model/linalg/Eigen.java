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
     * Cyclic Jacobi rotations on a symmetric r x r matrix (left unchanged); eigenvalues in
     * descending order, eigenvectors as the columns of a row-major r x r matrix.
     */
    public static Decomposition symmetric(double[] matrix, int r) {
        double[] a = matrix.clone();
        double[] v = new double[r * r];
        for (int i = 0; i < r; i++) {
            v[i * r + i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            double diag = 0;
            for (int i = 0; i < r; i++) {
                diag += a[i * r + i] * a[i * r + i];
                for (int j = i + 1; j < r; j++) {
                    off += a[i * r + j] * a[i * r + j];
                }
            }
            if (off <= 1e-30 * Math.max(diag, 1e-300)) {
                break;
            }
            for (int p = 0; p < r; p++) {
                for (int q = p + 1; q < r; q++) {
                    double apq = a[p * r + q];
                    if (Math.abs(apq) < 1e-300) {
                        continue;
                    }
                    double theta = (a[q * r + q] - a[p * r + p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < r; k++) { // columns p and q
                        double akp = a[k * r + p];
                        double akq = a[k * r + q];
                        a[k * r + p] = c * akp - s * akq;
                        a[k * r + q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < r; k++) { // rows p and q
                        double apk = a[p * r + k];
                        double aqk = a[q * r + k];
                        a[p * r + k] = c * apk - s * aqk;
                        a[q * r + k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < r; k++) {
                        double vkp = v[k * r + p];
                        double vkq = v[k * r + q];
                        v[k * r + p] = c * vkp - s * vkq;
                        v[k * r + q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        Integer[] order = new Integer[r];
        for (int i = 0; i < r; i++) {
            order[i] = i;
        }
        double[] diag = new double[r];
        for (int i = 0; i < r; i++) {
            diag[i] = a[i * r + i];
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(diag[y], diag[x]));
        double[] values = new double[r];
        double[] vectors = new double[r * r];
        for (int j = 0; j < r; j++) {
            values[j] = diag[order[j]];
            for (int i = 0; i < r; i++) {
                vectors[i * r + j] = v[i * r + order[j]];
            }
        }
        return new Decomposition(values, vectors);
    }
}
