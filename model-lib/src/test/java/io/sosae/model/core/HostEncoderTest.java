package io.sosae.model.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.sosae.model.loss.Regularizer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The plain-Java encoder gives the engine's codes and errors, to float rounding. */
class HostEncoderTest {
    private static final int N = 20;
    private static final int D = 12;

    @ParameterizedTest
    @EnumSource(
            value = Activation.class,
            names = {"IDENTITY", "RELU", "TANH"})
    void codesAndErrorsAreTheEnginesToFloatRounding(Activation activation) {
        for (boolean sigmoid : new boolean[] {true, false}) {
            AutoencoderConfig config = AutoencoderConfig.builder(N, D)
                    .encoderActivation(activation)
                    .outputSigmoid(sigmoid)
                    .regularizer(new Regularizer.Push(3e-4, 0.05))
                    .seed(5)
                    .build();
            int rows = 7;
            int length = 5;
            float[] x = new float[rows * N];
            SplittableRandom r = new SplittableRandom(2);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextDouble();
            }
            try (Autoencoder model = Autoencoder.create(config, Device.cpu());
                    NDManager m = model.newInputManager()) {
                model.trainStep(x, rows); // weights that are not the initial ones
                NDArray in = model.upload(x, rows, m);
                NDArray h = model.encode(in, m).get(":, 0:" + length);
                float[] engineCodes = h.toFloatArray();
                float[] engineErrors =
                        in.sub(model.decode(h, m)).abs().mean(new int[] {1}).toFloatArray();

                float[] errors = new float[rows];
                float[][] codes = HostEncoder.of(model).encode(x, rows, length, errors);
                for (int row = 0; row < rows; row++) {
                    assertThat(codes[row]).hasSize(length);
                    for (int j = 0; j < length; j++) {
                        assertThat(codes[row][j]).isCloseTo(engineCodes[row * length + j], within(2e-6f));
                    }
                    assertThat(errors[row]).isCloseTo(engineErrors[row], within(2e-6f));
                }
                // the codes are not all zero (a ReLU model could code nothing at this seed)
                assertThat(codes[0]).isNotEqualTo(new float[length]);
            }
        }
    }

    @Test
    void kSparseCodesStayWithTheEngine() {
        AutoencoderConfig sparse =
                AutoencoderConfig.builder(N, D).kSparse(3).seed(1).build();
        assertThat(HostEncoder.covers(sparse)).isFalse();
        try (Autoencoder model = Autoencoder.create(sparse, Device.cpu())) {
            assertThatThrownBy(() -> HostEncoder.of(model))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("k-sparse");
        }
    }
}
