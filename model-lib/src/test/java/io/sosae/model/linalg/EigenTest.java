package io.sosae.model.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EigenTest {

    @Test
    void jacobiDiagonalisesASymmetricMatrix() {
        int r = 12;
        SplittableRandom random = new SplittableRandom(4);
        double[] a = new double[r * r];
        for (int i = 0; i < r; i++) {
            for (int j = i; j < r; j++) {
                a[i * r + j] = a[j * r + i] = random.nextDouble(-1, 1);
            }
        }
        Eigen.Decomposition d = Eigen.symmetric(a, r);
        for (int j = 0; j < r; j++) {
            if (j > 0) {
                assertThat(d.values()[j]).isLessThanOrEqualTo(d.values()[j - 1]);
            }
            for (int i = 0; i < r; i++) { // (A v)_i = lambda v_i
                double av = 0;
                for (int k = 0; k < r; k++) {
                    av += a[i * r + k] * d.vectors()[k * r + j];
                }
                assertThat(av).isCloseTo(d.values()[j] * d.vectors()[i * r + j], within(1e-9));
            }
        }
        double trace = 0;
        double sum = 0;
        for (int i = 0; i < r; i++) {
            trace += a[i * r + i];
            sum += d.values()[i];
        }
        assertThat(sum).isCloseTo(trace, within(1e-9));
    }

    @Test
    void orthonormalisedColumnsAreOrthonormalEvenWhenOneVanishes() {
        int n = 6;
        int r = 3;
        double[] q = {1, 2, 2, 0, 1, 2, 1, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0};
        for (int i = 0; i < n; i++) {
            q[i * r + 2] = 2 * q[i * r + 0]; // column 2 is dependent on column 0
        }
        Eigen.orthonormalize(q, n, r);
        for (int a = 0; a < r; a++) {
            for (int b = 0; b < r; b++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += q[i * r + a] * q[i * r + b];
                }
                assertThat(dot).isCloseTo(a == b ? 1 : 0, within(1e-12));
            }
        }
    }
}
