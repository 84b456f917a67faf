package io.sosae.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Seed 001's worked example: the trained [3,4,3] net on input [1, 0, 1]. */
class ReferencePaperExampleTest {
    private static final double[] INPUT = {1, 0, 1};

    @Test
    void hiddenLayerMatchesThePaper() {
        ForwardPass fp = ReferenceAutoencoder.paperTrainedWeights().trace(INPUT);

        assertClose(fp.preActivation(0), new double[] {-0.443317, 6.035771, 0.089323, 2.58546}, 1e-9);
        // The paper prints a^(1)_1 = -0.00443317: leaky ReLU keeps the sign of z (0.01 * -0.443317).
        assertClose(fp.activation(0), new double[] {-0.00443317, 6.035771, 0.089323, 2.58546}, 1e-9);
    }

    @Test
    void outputMatchesThePaper() {
        ForwardPass fp = ReferenceAutoencoder.paperTrainedWeights().trace(INPUT);

        assertClose(fp.preActivation(1), new double[] {8.05859916, -10.33785547, 6.67842892}, 1e-7);
        double[] expected = {0.99968373, 0.0000323826, 0.998743828};
        double[] output = fp.output();
        for (int i = 0; i < expected.length; i++) {
            // The paper prints 6-9 significant digits; 0.0000323826 is rounded at 1.5e-6 relative.
            assertThat(Math.abs(output[i] - expected[i]) / expected[i])
                    .as("relative error of output %d", i)
                    .isLessThan(2e-6);
        }
    }

    @Test
    void droppingTheLeakySignWouldNotReproduceThePaper() {
        // Only the signed value -0.00443317 gives the printed 0.998743828; |a| would give 0.998687683.
        DenseLayer decoder =
                ReferenceAutoencoder.paperTrainedWeights().network().layer(1);
        double[] unsigned = decoder.preActivation(new double[] {0.00443317, 6.035771, 0.089323, 2.58546});
        double y3 = ReferenceActivation.SIGMOID.apply(unsigned[2]);

        assertThat(Math.abs(y3 - 0.998743828)).isGreaterThan(5e-5);
    }

    @Test
    void convertsToAndFromTheDjlLayout() {
        DenseLayer encoder =
                ReferenceAutoencoder.paperTrainedWeights().network().layer(0);

        double[][] outByIn = encoder.weightsOutByIn();

        assertThat(outByIn).hasDimensions(4, 3);
        assertThat(outByIn[1][2]).isEqualTo(2.4454);
        assertThat(DenseLayer.fromOutByIn(outByIn, encoder.bias())).isEqualTo(encoder);
    }

    private static void assertClose(double[] actual, double[] expected, double tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("element %d", i).isCloseTo(expected[i], within(tolerance));
        }
    }
}
