package io.sosae.model.linalg;

/**
 * A change of code coordinates that makes a linear code's prefixes the best truncations of what it
 * contributes to the (pre-activation) output. With the codes' second moment C = V diag(c) V^T over
 * the active units and B = diag(sqrt c) V^T W_d, B B^T = E diag(s^2) E^T; the new code is h T with
 * T = V diag(1/sqrt c) E diag(s) and the new decoder T^-1 W_d = diag(1/s) E^T B, whose rows are
 * orthonormal. Unit j then contributes s_j^2, in descending order, uncorrelated with the others, and
 * h T T^-1 W_d = h W_d: the outputs do not change. Directions without variance are dropped.
 *
 * @param active the units the transform reads (their decoder rows were non-zero)
 * @param kept units of the new code
 * @param t row-major [active x kept]
 * @param decoder row-major [kept x n], the new decoder rows
 */
public record ContributionOrder(int[] active, int kept, double[] t, float[] decoder) {

    /**
     * The transform of codes (row-major [rows x d]) decoded by {@code wd} (row-major [d x n]); null
     * when no unit is active or the codes have no variance.
     */
    public static ContributionOrder of(float[] codes, int rows, int d, float[] wd, int n) {
        int[] active = java.util.stream.IntStream.range(0, d)
                .filter(u -> rowNorm(wd, u, n) > 0)
                .toArray();
        int l = active.length;
        if (l == 0) {
            return null;
        }
        double[] c = new double[l * l];
        for (int b = 0; b < rows; b++) {
            for (int i = 0; i < l; i++) {
                double hi = codes[b * d + active[i]];
                for (int j = i; j < l; j++) {
                    c[i * l + j] += hi * codes[b * d + active[j]] / rows;
                }
            }
        }
        for (int i = 0; i < l; i++) {
            for (int j = 0; j < i; j++) {
                c[i * l + j] = c[j * l + i];
            }
        }
        Eigen.Decomposition ce = Eigen.symmetric(c, l);
        double top = Math.max(ce.values()[0], 0);
        int rank = 0;
        while (rank < l && ce.values()[rank] > 1e-6 * top && top > 0) {
            rank++;
        }
        if (rank == 0) {
            return null;
        }
        double[] bm = new double[rank * n]; // B = diag(sqrt c) V^T Wd_active
        for (int k = 0; k < rank; k++) {
            double sc = Math.sqrt(ce.values()[k]);
            for (int i = 0; i < l; i++) {
                double v = ce.vectors()[i * l + k] * sc;
                int row = active[i] * n;
                for (int q = 0; q < n; q++) {
                    bm[k * n + q] += v * wd[row + q];
                }
            }
        }
        double[] bbt = new double[rank * rank];
        for (int a = 0; a < rank; a++) {
            for (int b = a; b < rank; b++) {
                double sum = 0;
                for (int q = 0; q < n; q++) {
                    sum += bm[a * n + q] * bm[b * n + q];
                }
                bbt[a * rank + b] = sum;
                bbt[b * rank + a] = sum;
            }
        }
        Eigen.Decomposition be = Eigen.symmetric(bbt, rank);
        int kept = 0;
        double topS = Math.max(be.values()[0], 0);
        while (kept < rank && be.values()[kept] > 1e-9 * topS && topS > 0) {
            kept++;
        }
        double[] t = new double[l * kept];
        for (int i = 0; i < l; i++) {
            for (int j = 0; j < kept; j++) {
                double sum = 0;
                for (int k = 0; k < rank; k++) {
                    sum += ce.vectors()[i * l + k] / Math.sqrt(ce.values()[k]) * be.vectors()[k * rank + j];
                }
                t[i * kept + j] = sum * Math.sqrt(be.values()[j]);
            }
        }
        float[] decoder = new float[kept * n];
        for (int j = 0; j < kept; j++) {
            double sj = Math.sqrt(be.values()[j]);
            for (int k = 0; k < rank; k++) {
                double e = be.vectors()[k * rank + j] / sj;
                for (int q = 0; q < n; q++) {
                    decoder[j * n + q] += (float) (e * bm[k * n + q]);
                }
            }
        }
        return new ContributionOrder(active, kept, t, decoder);
    }

    /** The new encoder weights [n x d] (units past {@code kept} zero) from the old ones. */
    public float[] encoderWeight(float[] we, int n, int d) {
        float[] out = new float[n * d];
        for (int q = 0; q < n; q++) {
            for (int j = 0; j < kept; j++) {
                double sum = 0;
                for (int i = 0; i < active.length; i++) {
                    sum += we[q * d + active[i]] * t[i * kept + j];
                }
                out[q * d + j] = (float) sum;
            }
        }
        return out;
    }

    /** The new encoder bias [d] (units past {@code kept} zero) from the old one. */
    public float[] encoderBias(float[] be, int d) {
        float[] out = new float[d];
        for (int j = 0; j < kept; j++) {
            double sum = 0;
            for (int i = 0; i < active.length; i++) {
                sum += be[active[i]] * t[i * kept + j];
            }
            out[j] = (float) sum;
        }
        return out;
    }

    /** The new decoder weights [d x n] (rows past {@code kept} zero). */
    public float[] decoderWeight(int d, int n) {
        float[] out = new float[d * n];
        System.arraycopy(decoder, 0, out, 0, kept * n);
        return out;
    }

    /** Floating-point operations of {@link #of} on these shapes (for the model's FLOP count). */
    public static double flops(int rows, int active, int n) {
        double l = active;
        return rows * l * l + 2.0 * l * l * n + 60.0 * l * l * l + 2.0 * n * l * l;
    }

    private static double rowNorm(float[] w, int row, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += (double) w[row * n + i] * w[row * n + i];
        }
        return Math.sqrt(sum);
    }
}
