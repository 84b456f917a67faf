package io.sosae.model.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The rotation that aligns one set of codes with another. */
class ProcrustesTest {

    private static double[] randomRotation(int k, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] q = new double[k * k];
        for (int i = 0; i < q.length; i++) {
            q[i] = random.nextGaussian();
        }
        Eigen.orthonormalize(q, k, k);
        return q;
    }

    private static float[] codes(int rows, int k, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] a = new float[rows * k];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextGaussian();
        }
        return a;
    }

    /** b = a q^T, so b q = a. */
    private static float[] rotated(float[] a, int rows, int k, double[] q) {
        float[] b = new float[rows * k];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < k; j++) {
                double s = 0;
                for (int t = 0; t < k; t++) {
                    s += a[r * k + t] * q[j * k + t];
                }
                b[r * k + j] = (float) s;
            }
        }
        return b;
    }

    private static void assertOrthogonal(double[] r, int k) {
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                double dot = 0;
                for (int t = 0; t < k; t++) {
                    dot += r[t * k + a] * r[t * k + b];
                }
                assertThat(dot).isCloseTo(a == b ? 1 : 0, within(1e-6));
            }
        }
    }

    @Test
    void undoesARotationOfTheCodes() {
        int k = 6;
        int rows = 200;
        double[] q = randomRotation(k, 3);
        float[] a = codes(rows, k, 4);
        float[] b = rotated(a, rows, k, q);
        double[] r = Procrustes.rotation(b, k, a, k, rows);
        assertOrthogonal(r, k);
        for (int i = 0; i < k * k; i++) {
            assertThat(r[i]).isCloseTo(q[i], within(1e-4));
        }
    }

    @Test
    void newUnitsWithNothingToAlignToStillGiveARotation() {
        int k = 5;
        int rows = 300;
        float[] old = codes(rows, 3, 8); // the previous version had 3 units
        float[] padded = new float[rows * k];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(old, r * 3, padded, r * k, 3);
        }
        double[] q = randomRotation(k, 9);
        float[] b = rotated(padded, rows, k, q);
        double[] r = Procrustes.rotation(b, k, old, 3, rows);
        assertOrthogonal(r, k);
        // the aligned codes reproduce the old ones in their first 3 columns
        for (int row = 0; row < rows; row += 37) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int t = 0; t < k; t++) {
                    s += b[row * k + t] * r[t * k + j];
                }
                assertThat(s).isCloseTo(old[row * 3 + j], within(1e-4));
            }
        }
    }
}
