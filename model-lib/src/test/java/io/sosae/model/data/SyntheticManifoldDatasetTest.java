package io.sosae.model.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SyntheticManifoldDatasetTest {

    @Test
    void isDeterministicPerSeedAndInRange() {
        SyntheticManifold manifold =
                SyntheticManifold.builder().latentDim(5).seed(3).noiseStd(0.02).build();

        Dataset a = manifold.sample(200, 1);
        Dataset b = SyntheticManifold.builder()
                .latentDim(5)
                .seed(3)
                .noiseStd(0.02)
                .build()
                .sample(200, 1);

        assertThat(a).isEqualTo(b);
        assertThat(a.dim()).isEqualTo(64);
        assertThat(a.name()).isEqualTo("synthetic-m5-d64");
        assertThat(manifold.sample(200, 2)).isNotEqualTo(a);
        assertThat(SyntheticManifold.builder().latentDim(5).seed(4).build().sample(200, 1))
                .isNotEqualTo(a);
        float min = 1;
        float max = 0;
        for (float v : a.values()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(min).isGreaterThanOrEqualTo(0f).isLessThan(0.2f);
        assertThat(max).isLessThanOrEqualTo(1f).isGreaterThan(0.8f);
    }

    @Test
    void perDirectionScalingGrowsTheSignalWithMWhileTotalScalingKeepsItFlat() {
        double total4 = spread(SyntheticManifold.Scaling.TOTAL, 4);
        double total16 = spread(SyntheticManifold.Scaling.TOTAL, 16);
        double per4 = spread(SyntheticManifold.Scaling.PER_DIRECTION, 4);
        double per16 = spread(SyntheticManifold.Scaling.PER_DIRECTION, 16);

        assertThat(per4).as("the two scalings agree at m=4 (default width 16)").isEqualTo(total4);
        assertThat(per16 / per4).as("per-direction: more factors, more signal").isGreaterThan(1.5);
        assertThat(total16 / total4).as("total: the signal is shared out").isBetween(0.8, 1.2);
        assertThatThrownBy(() ->
                        SyntheticManifold.builder().latentDim(4).curvature(0).build())
                .hasMessageContaining("curvature");
    }

    /** Mean absolute deviation of the values from their column means. */
    private static double spread(SyntheticManifold.Scaling scaling, int m) {
        Dataset d = SyntheticManifold.builder()
                .latentDim(m)
                .seed(11)
                .curvature(0.5)
                .scaling(scaling)
                .build()
                .sample(2000, 5);
        float[] x = d.values(); // a copy per call: take it once
        int dim = d.dim();
        double[] mean = new double[dim];
        for (int r = 0; r < d.size(); r++) {
            for (int c = 0; c < dim; c++) {
                mean[c] += x[r * dim + c] / (double) d.size();
            }
        }
        double sum = 0;
        for (int r = 0; r < d.size(); r++) {
            for (int c = 0; c < dim; c++) {
                sum += Math.abs(x[r * dim + c] - mean[c]);
            }
        }
        return sum / x.length;
    }

    @Test
    void cleanPointsAreTheEmbeddingOfTheirLatents() {
        SyntheticManifold manifold = SyntheticManifold.builder()
                .latentDim(3)
                .ambientDim(20)
                .latent(SyntheticManifold.Latent.GAUSSIAN)
                .seed(9)
                .build();

        ManifoldSample sample = manifold.sampleWithLatents(10, 5);

        for (int i = 0; i < 10; i++) {
            assertThat(sample.data().row(i)).containsExactly(manifold.embed(sample.latent(i)));
        }
    }

    @Test
    void localDimensionIsExactlyTheLatentDimension() {
        int m = 4;
        SyntheticManifold manifold =
                SyntheticManifold.builder().latentDim(m).seed(11).build();
        double[] z0 = {0.3, 0.6, 0.5, 0.8};
        double h = 1e-3;
        double[][] tangents = new double[m][];
        for (int k = 0; k < m; k++) {
            double[] up = z0.clone();
            double[] down = z0.clone();
            up[k] += h;
            down[k] -= h;
            float[] xu = manifold.embed(up);
            float[] xd = manifold.embed(down);
            tangents[k] = new double[xu.length];
            for (int i = 0; i < xu.length; i++) {
                tangents[k][i] = (xu[i] - xd[i]) / (2 * h);
            }
        }

        // Gram-Schmidt: each tangent keeps a clear component outside the span of the previous ones,
        // so the m tangents span an m-dimensional space.
        for (int k = 0; k < m; k++) {
            double before = norm(tangents[k]);
            for (int p = 0; p < k; p++) {
                double dot = dot(tangents[k], tangents[p]);
                for (int i = 0; i < tangents[k].length; i++) {
                    tangents[k][i] -= dot * tangents[p][i];
                }
            }
            double after = norm(tangents[k]);
            assertThat(after / before).as("independent part of tangent %d", k).isGreaterThan(0.1);
            for (int i = 0; i < tangents[k].length; i++) {
                tangents[k][i] /= after;
            }
        }
    }

    @Test
    void theMapIsCurvedNotLinear() {
        SyntheticManifold manifold =
                SyntheticManifold.builder().latentDim(2).seed(1).build();
        float[] a = manifold.embed(new double[] {0.1, 0.1});
        float[] b = manifold.embed(new double[] {0.9, 0.9});
        float[] mid = manifold.embed(new double[] {0.5, 0.5});

        double gap = 0;
        for (int i = 0; i < a.length; i++) {
            gap = Math.max(gap, Math.abs(mid[i] - (a[i] + b[i]) / 2));
        }

        assertThat(gap).isGreaterThan(0.05);
    }

    @Test
    void validatesSettings() {
        assertThatThrownBy(() -> SyntheticManifold.builder().build()).hasMessageContaining("latentDim must be set");
        assertThatThrownBy(() ->
                        SyntheticManifold.builder().latentDim(10).ambientDim(5).build())
                .hasMessageContaining("ambientDim 5 is below latentDim 10");
        assertThatThrownBy(() ->
                        SyntheticManifold.builder().latentDim(2).noiseStd(-1).build())
                .hasMessageContaining("noiseStd");
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }
}
