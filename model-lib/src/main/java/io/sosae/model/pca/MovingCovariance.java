package io.sosae.model.pca;

/**
 * Exponentially weighted mean and scatter matrix of a stream's rows, merged a batch at a time
 * (Chan, Golub and LeVeque's pairwise update with weights): an observation's weight halves every
 * {@code halfLife} rows. Plain doubles, row-major n x n.
 */
final class MovingCovariance {
    private final int n;
    private final double decayPerRow;
    private final double[] mean;
    private final double[] scatter;
    private double weight;

    MovingCovariance(int n, int halfLife) {
        this(n, halfLife, new double[n], new double[n * n], 0);
    }

    MovingCovariance(int n, int halfLife, double[] mean, double[] scatter, double weight) {
        this.n = n;
        this.decayPerRow = Math.pow(0.5, 1.0 / halfLife);
        this.mean = mean;
        this.scatter = scatter;
        this.weight = weight;
    }

    /** Merges the given rows (row-major, {@code rows} x n, all finite) into the estimate. */
    void add(float[] batch, int rows) {
        if (rows == 0) {
            return;
        }
        double[] m = new double[n];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < n; i++) {
                m[i] += batch[r * n + i];
            }
        }
        for (int i = 0; i < n; i++) {
            m[i] /= rows;
        }
        double decay = Math.pow(decayPerRow, rows);
        double old = weight * decay;
        double total = old + rows;
        double cross = old * rows / total;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = m[i] - mean[i];
        }
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            int row = i * n;
            for (int j = 0; j < n; j++) {
                scatter[row + j] = scatter[row + j] * decay + cross * d[i] * d[j];
            }
        }
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < n; i++) {
                c[i] = batch[r * n + i] - m[i];
            }
            for (int i = 0; i < n; i++) {
                double ci = c[i];
                if (ci == 0) {
                    continue;
                }
                int row = i * n;
                for (int j = 0; j < n; j++) {
                    scatter[row + j] += ci * c[j];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            mean[i] = (old * mean[i] + rows * m[i]) / total;
        }
        weight = total;
    }

    /** C q for each column of the row-major n x r matrix q, with C = scatter / weight. */
    double[] times(double[] q, int r) {
        double[] out = new double[n * r];
        double scale = weight > 0 ? 1 / weight : 0;
        for (int i = 0; i < n; i++) {
            int row = i * n;
            for (int k = 0; k < n; k++) {
                double c = scatter[row + k] * scale;
                if (c == 0) {
                    continue;
                }
                int qk = k * r;
                int oi = i * r;
                for (int j = 0; j < r; j++) {
                    out[oi + j] += c * q[qk + j];
                }
            }
        }
        return out;
    }

    /** Total variance: the trace of C. */
    double totalVariance() {
        if (weight <= 0) {
            return 0;
        }
        double t = 0;
        for (int i = 0; i < n; i++) {
            t += scatter[i * n + i];
        }
        return t / weight;
    }

    double[] mean() {
        return mean;
    }

    double[] scatter() {
        return scatter;
    }

    double weight() {
        return weight;
    }
}
