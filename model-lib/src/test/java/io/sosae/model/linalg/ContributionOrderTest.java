package io.sosae.model.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The reordering of a linear code: same outputs, orthonormal decoder rows, contributions descending. */
class ContributionOrderTest {

    @Test
    void keepsEveryOutputAndOrdersUnitsByContribution() {
        int rows = 300;
        int d = 6;
        int n = 10;
        SplittableRandom random = new SplittableRandom(2);
        // 5 active units (the last is off: zero decoder row) whose codes are correlated
        float[] codes = new float[rows * d];
        for (int r = 0; r < rows; r++) {
            double a = random.nextGaussian();
            double b = 0.3 * random.nextGaussian();
            for (int u = 0; u < 5; u++) {
                codes[r * d + u] = (float) (a * (u + 1) + b * (u % 2 == 0 ? 1 : -1) + 0.01 * random.nextGaussian());
            }
        }
        float[] wd = new float[d * n];
        for (int i = 0; i < 5 * n; i++) {
            wd[i] = (float) random.nextGaussian();
        }
        ContributionOrder order = ContributionOrder.of(codes, rows, d, wd, n);
        assertThat(order.active()).containsExactly(0, 1, 2, 3, 4);
        assertThat(order.kept()).isEqualTo(5);
        float[] newWd = order.decoderWeight(d, n);
        // new codes h T, outputs h T newWd == h wd
        double[] contribution = new double[order.kept()];
        for (int r = 0; r < rows; r++) {
            double[] h = new double[order.kept()];
            for (int j = 0; j < order.kept(); j++) {
                for (int i = 0; i < 5; i++) {
                    h[j] += codes[r * d + i] * order.t()[i * order.kept() + j];
                }
                contribution[j] += h[j] * h[j];
            }
            for (int q = 0; q < n; q++) {
                double before = 0;
                double after = 0;
                for (int u = 0; u < d; u++) {
                    before += codes[r * d + u] * wd[u * n + q];
                }
                for (int j = 0; j < order.kept(); j++) {
                    after += h[j] * newWd[j * n + q];
                }
                assertThat(after).isCloseTo(before, within(1e-3 * (1 + Math.abs(before))));
            }
        }
        for (int a = 0; a < order.kept(); a++) {
            for (int b = 0; b < order.kept(); b++) {
                double dot = 0;
                for (int q = 0; q < n; q++) {
                    dot += newWd[a * n + q] * (double) newWd[b * n + q];
                }
                assertThat(dot).isCloseTo(a == b ? 1 : 0, within(1e-4));
            }
        }
        for (int j = 1; j < order.kept(); j++) {
            assertThat(contribution[j]).isLessThanOrEqualTo(contribution[j - 1] * (1 + 1e-6));
        }
    }

    @Test
    void nothingToOrderWithoutActiveUnits() {
        assertThat(ContributionOrder.of(new float[12], 3, 4, new float[4 * 5], 5))
                .isNull();
    }
}
