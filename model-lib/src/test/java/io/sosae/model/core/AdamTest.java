package io.sosae.model.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/** Adam's update against the textbook formula (Kingma and Ba 2014), step by step, in double precision. */
@org.junit.jupiter.api.extension.ExtendWith(io.sosae.model.testing.SingleTorchThread.class)
class AdamTest {
    @Test
    void threeStepsFollowTheBiasCorrectedFormula() {
        float lr = 0.01f;
        double[] w = {1.0, -2.0, 0.5};
        double[] m = new double[3];
        double[] v = new double[3];
        double[][] grads = {{0.5, -1.0, 0.0}, {0.25, 0.5, -2.0}, {-0.1, 0.3, 1e-4}};
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray param = manager.create(new float[] {1f, -2f, 0.5f});
            Adam adam = new Adam(new NDArray[] {param}, lr, manager);
            for (int t = 1; t <= 3; t++) {
                double[] g = grads[t - 1];
                try (NDManager step = manager.newSubManager()) {
                    NDArray grad = step.create(new float[] {(float) g[0], (float) g[1], (float) g[2]});
                    adam.step(new NDArray[] {grad}, step);
                }
                for (int i = 0; i < 3; i++) {
                    m[i] = 0.9 * m[i] + 0.1 * g[i];
                    v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                    double mHat = m[i] / (1 - Math.pow(0.9, t));
                    double vHat = v[i] / (1 - Math.pow(0.999, t));
                    w[i] -= lr * mHat / (Math.sqrt(vHat) + 1e-8);
                }
                float[] got = param.toFloatArray();
                for (int i = 0; i < 3; i++) {
                    assertThat((double) got[i]).as("step %d, weight %d", t, i).isCloseTo(w[i], within(1e-6));
                }
            }
            assertThat(adam.steps()).isEqualTo(3);
            float[][] first = adam.firstMoments();
            assertThat((double) first[0][1]).isCloseTo(m[1], within(1e-7));
        }
    }
}
