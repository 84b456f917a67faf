package io.sosae.model.stream;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.sosae.model.core.Autoencoder;
import io.sosae.model.core.AutoencoderConfig;
import io.sosae.model.core.ModelState;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The closed-form linear-code model: PCA's codes through the sigmoid decoder. */
@org.junit.jupiter.api.extension.ExtendWith(io.sosae.model.testing.SingleTorchThread.class)
class ClosedFormTest {
    private static final int N = 24;
    private static final int ROWS = 600;

    /** Rows around 0.5 in a planted 3-dimensional subspace, small enough for the sigmoid to be near linear. */
    private static float[] planted(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] basis = new double[3][N];
        for (double[] b : basis) {
            for (int i = 0; i < N; i++) {
                b[i] = r.nextGaussian() / Math.sqrt(N);
            }
        }
        float[] x = new float[ROWS * N];
        for (int row = 0; row < ROWS; row++) {
            double[] c = {0.3 * r.nextGaussian(), 0.2 * r.nextGaussian(), 0.1 * r.nextGaussian()};
            for (int i = 0; i < N; i++) {
                double v = 0.5;
                for (int k = 0; k < 3; k++) {
                    v += c[k] * basis[k][i];
                }
                x[row * N + i] = (float) v;
            }
        }
        return x;
    }

    @Test
    void threeUnitsReconstructAThreeDimensionalStreamAndTheRestAreOff() {
        AutoencoderConfig config = LinearCodesTest.config(N, 8);
        float[] x = planted(5);
        ModelState state = ClosedForm.of(config, x, ROWS, 3, 1);
        double meanOnly = 0;
        for (float v : x) {
            meanOnly += Math.abs(v - 0.5);
        }
        meanOnly /= x.length;
        try (Autoencoder model = Autoencoder.restore(state, Device.cpu());
                NDManager m = model.newInputManager()) {
            float[] codes = model.encode(x, ROWS);
            for (int row = 0; row < ROWS; row++) {
                for (int u = 3; u < 8; u++) {
                    assertThat(codes[row * 8 + u]).isZero();
                }
            }
            // centred codes: each unit's mean over the rows is about zero
            for (int u = 0; u < 3; u++) {
                double mean = 0;
                for (int row = 0; row < ROWS; row++) {
                    mean += codes[row * 8 + u] / ROWS;
                }
                assertThat(Math.abs(mean)).isLessThan(0.05);
            }
            NDArray y = model.reconstruct(model.upload(x, ROWS, m), 3, m);
            float[] out = y.toFloatArray();
            double mae = 0;
            for (int i = 0; i < x.length; i++) {
                mae += Math.abs(out[i] - x[i]);
            }
            mae /= x.length;
            assertThat(mae).as("MAE %s vs the mean's %s", mae, meanOnly).isLessThan(0.1 * meanOnly);
        }
    }

    @Test
    void moreUnitsThanTheModelHasAreRefused() {
        AutoencoderConfig config = LinearCodesTest.config(N, 8);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClosedForm.of(config, planted(1), ROWS, 9, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("count must be in [0, min(capacity, inputDim)] = [0, 8]");
    }
}
