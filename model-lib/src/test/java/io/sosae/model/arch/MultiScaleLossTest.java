package io.sosae.model.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MultiScaleLossTest {

    private static MultiScaleAutoencoder small() {
        return MultiScaleAutoencoder.create(
                new MultiScaleAutoencoder.Config(MlpFamily.SIGMOID, 7, 16, 8, 16, 4), Device.cpu(), 7);
    }

    private static float[] points(int count) {
        float[] grid = MlpGenerator.paperGrid();
        return java.util.Arrays.copyOf(grid, count * 3);
    }

    @Test
    void minLossIsTheBestDecodersErrorAndOnlyItGetsGradient() {
        MlpDataset one = MlpDataset.random(MlpFamily.SIGMOID, 2, 1, 21);
        float[] x = points(64);
        float[] y = java.util.Arrays.copyOf(one.outputs().get(0), 64);
        try (MultiScaleAutoencoder model = small()) {
            MultiScaleAutoencoder.StepResult r = model.step(one.matrices(), x, 64, y, MultiScaleLoss.min(), 0);
            double[] per = r.perDecoder()[0];
            int best = 0;
            for (int k = 1; k < 4; k++) {
                if (per[k] < per[best]) {
                    best = k;
                }
            }
            assertThat(r.loss()).isCloseTo(per[best], within(1e-6 * Math.max(1, per[best])));
            assertThat(r.loss()).isCloseTo(MultiScaleLoss.min().value(per), within(1e-6 * per[best]));
            Map<String, Double> g = r.gradientNorms();
            for (int k = 1; k <= 4; k++) {
                double norm = g.get("dec" + k + ".0.w") + g.get("dec" + k + ".1.w") + g.get("dec" + k + ".1.b");
                if (k == best + 1) {
                    assertThat(norm)
                            .as("decoder %d (the best) gets gradient", k)
                            .isPositive();
                } else {
                    assertThat(norm)
                            .as("decoder %d (not the best) gets none", k)
                            .isZero();
                }
            }
            assertThat(g.get("enc2.0.w")).as("the active encoder").isPositive();
            assertThat(g.get("enc3.0.w"))
                    .as("an inactive encoder (multiplexer)")
                    .isZero();
            assertThat(g.get("embed.0.w")).isPositive();

            // The p-norm loss with p = 1 is the sum of the four errors and reaches every decoder.
            MultiScaleAutoencoder.StepResult p1 = model.step(one.matrices(), x, 64, y, MultiScaleLoss.pNorm(1), 0);
            double sum = per[0] + per[1] + per[2] + per[3];
            assertThat(p1.loss()).isCloseTo(sum, within(1e-5 * sum));
            for (int k = 1; k <= 4; k++) {
                assertThat(p1.gradientNorms().get("dec" + k + ".1.w")).isPositive();
            }
            // p = -1 lies below the minimum and approaches it when one decoder dominates.
            double pm = MultiScaleLoss.pNorm(-1).value(per);
            assertThat(pm).isLessThanOrEqualTo(per[best]).isGreaterThan(per[best] / 4);
        }
    }

    @Test
    void trainingLowersTheMinLossAndDecodesRunnableMlps() {
        MlpDataset data = MlpDataset.random(MlpFamily.SIGMOID, 128, 5);
        try (MultiScaleAutoencoder model = small()) {
            double[] losses = MultiScaleTraining.train(
                    model, data, MultiScaleLoss.min(), new MultiScaleTraining.Options(3, 32, 100, 3e-3, 1), s -> {});
            assertThat(losses[2]).isLessThan(losses[0]);
            Mlp[][] decoded = model.reconstruct(List.of(data.matrices().get(0)));
            assertThat(decoded).hasNumberOfRows(4);
            for (int k = 0; k < 4; k++) {
                assertThat(decoded[k][0].hiddenLayers()).isEqualTo(k + 1);
            }
        }
    }
}
