package io.sosae.model.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The closed-form fit on data of known directions, on both the direct and the subspace path. */
class PrincipalDirectionsTest {

    /** rows of mean + 3 a u1 + 2 b u2 + 1 c u3 + small noise, with orthonormal u_k (the first 3 axes rotated). */
    private static float[] planted(int rows, int dim, double[][] directions, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] scale = {3, 2, 1};
        float[] data = new float[rows * dim];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < dim; i++) {
                data[r * dim + i] = (float) (0.5 + 0.001 * random.nextGaussian());
            }
            for (int k = 0; k < 3; k++) {
                double a = scale[k] * random.nextGaussian();
                for (int i = 0; i < dim; i++) {
                    data[r * dim + i] += (float) (a * directions[k][i]);
                }
            }
        }
        return data;
    }

    private static double[][] directions(int dim, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] q = new double[dim * 3];
        for (int i = 0; i < q.length; i++) {
            q[i] = random.nextGaussian();
        }
        Eigen.orthonormalize(q, dim, 3);
        double[][] d = new double[3][dim];
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < dim; i++) {
                d[k][i] = q[i * 3 + k];
            }
        }
        return d;
    }

    private static void recovers(int dim) {
        double[][] planted = directions(dim, 5);
        float[] data = planted(4000, dim, planted, 6);
        PrincipalDirections pca = PrincipalDirections.fit(data, 4000, dim, 5, 7);
        assertThat(pca.count()).isEqualTo(5);
        assertThat(pca.mean()[0]).isCloseTo(0.5, within(0.1));
        assertThat(pca.variances()[0]).isCloseTo(9, within(0.9));
        assertThat(pca.variances()[1]).isCloseTo(4, within(0.4));
        assertThat(pca.variances()[2]).isCloseTo(1, within(0.1));
        assertThat(pca.variances()[3]).isLessThan(1e-4);
        for (int k = 0; k < 3; k++) {
            double dot = 0;
            double norm = 0;
            for (int i = 0; i < dim; i++) {
                dot += pca.direction(k)[i] * planted[k][i];
                norm += pca.direction(k)[i] * pca.direction(k)[i];
            }
            assertThat(norm).isCloseTo(1, within(1e-9));
            assertThat(Math.abs(dot)).as("direction %d", k).isGreaterThan(0.999);
        }
        for (int a = 0; a < 5; a++) {
            for (int b = a + 1; b < 5; b++) {
                double dot = 0;
                for (int i = 0; i < dim; i++) {
                    dot += pca.direction(a)[i] * pca.direction(b)[i];
                }
                assertThat(dot).isCloseTo(0, within(1e-6));
            }
        }
    }

    @Test
    void recoversPlantedDirectionsOnNarrowRowsByJacobi() {
        recovers(24);
    }

    @Test
    void recoversPlantedDirectionsOnWideRowsBySubspaceIteration() {
        recovers(300);
    }

    @Test
    void refusesMoreDirectionsThanValues() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PrincipalDirections.fit(new float[12], 3, 4, 5, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("count <= dim");
    }
}
