package io.sosae.model.eval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinearProbeTest {
    @Test
    void learnsLinearlySeparableClassesAndLosesThemWhenTheInformativeUnitsAreTruncated() {
        int rows = 600;
        int dim = 6;
        SplittableRandom r = new SplittableRandom(1);
        float[] x = new float[rows * dim];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = i % 3;
            for (int j = 0; j < dim; j++) {
                x[i * dim + j] = (float) (0.3 * r.nextGaussian());
            }
            // class information only in units 0 and 1: truncating to length 0 must destroy it
            x[i * dim] += y[i] == 1 ? 2f : 0f;
            x[i * dim + 1] += y[i] == 2 ? 2f : 0f;
        }
        try (LinearProbe p =
                LinearProbe.train(x, rows, dim, y, 3, new LinearProbe.Options(40, 64, 1e-2, 3), Device.cpu())) {
            assertThat(p.accuracy(x, rows, y)).isGreaterThan(0.97);
            assertThat(p.accuracy(x, rows, y, 2)).isGreaterThan(0.97);
            assertThat(p.accuracy(x, rows, y, 0)).isLessThan(0.5);
        }
    }

    @Test
    void truncationCurveLengthsCoverTheCodeAndTheCompressedLength() {
        assertThat(Evaluator.curveLengths(400, 61)).contains(1, 5, 10, 61, 400).isSorted();
        assertThat(Evaluator.curveLengths(8, 3)).contains(1, 3, 5, 8).allMatch(l -> l <= 8);
    }
}
