package io.sosae.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Reduction conventions, penalty values and argument checks of {@link ReferenceMlp}. */
class ReferenceMlpTest {

    /** Identity net [2 -> 2 -> 2] so outputs equal inputs plus the bias we choose. */
    private static ReferenceMlp identityNet(double[] outputBias, ReferenceLoss loss, ReferencePenalty penalty) {
        double[][] eye = {{1, 0}, {0, 1}};
        return ReferenceMlp.builder()
                .layers(List.of(new DenseLayer(eye, new double[2]), new DenseLayer(eye, outputBias)))
                .hiddenActivation(ReferenceActivation.IDENTITY)
                .outputActivation(ReferenceActivation.IDENTITY)
                .loss(loss)
                .penalty(penalty)
                .build();
    }

    @Test
    void reconstructionIsMeanOverBatchAndOutputElements() {
        ReferenceMlp net = identityNet(new double[] {0.5, -1.0}, ReferenceLoss.MSE, ReferencePenalty.none());

        // Errors per sample: (0.5, -1.0) both times -> element losses 0.25 and 1.0, mean 0.625.
        Objective one = net.objective(new double[] {0, 0}, new double[] {0, 0});
        Objective two = net.objective(new double[][] {{0, 0}, {1, 1}}, new double[][] {{0, 0}, {1, 1}});

        assertThat(one.reconstruction()).isCloseTo(0.625, within(1e-15));
        assertThat(two.reconstruction()).isCloseTo(0.625, within(1e-15));
        assertThat(two.penalty()).isZero();
    }

    @Test
    void penaltyIsMeanOverBatchOfThePerSampleSum() {
        ReferenceMlp net = identityNet(new double[2], ReferenceLoss.MAE, ReferencePenalty.l1(0.1));

        // Codes (1,-2) and (3,0): per-sample 0.1*3 and 0.1*3 -> mean 0.3; reconstruction exact -> 0.
        Objective objective = net.objective(new double[][] {{1, -2}, {3, 0}}, new double[][] {{1, -2}, {3, 0}});

        assertThat(objective.penalty()).isCloseTo(0.3, within(1e-15));
        assertThat(objective.reconstruction()).isZero();
        assertThat(objective.total()).isCloseTo(0.3, within(1e-15));
    }

    @Test
    void pushWeightsStartAtOnePlusAlphaForTheFirstUnit() {
        ReferenceMlp net = identityNet(new double[2], ReferenceLoss.MAE, ReferencePenalty.push(0.1, 0.5));

        // 0.1 * (1.5^1 * |1| + 1.5^2 * |-2|) = 0.1 * (1.5 + 4.5) = 0.6
        assertThat(net.objective(new double[] {1, -2}, new double[] {1, -2}).penalty())
                .isCloseTo(0.6, within(1e-15));
        assertThat(new ReferencePenalty.Push(1, 0.5).weight(0)).isEqualTo(1.5);
    }

    @Test
    void l2PenaltyIsLambdaTimesSumOfSquares() {
        ReferenceMlp net = identityNet(new double[2], ReferenceLoss.MAE, ReferencePenalty.l2(0.1));

        assertThat(net.objective(new double[] {1, -2}, new double[] {1, -2}).penalty())
                .isCloseTo(0.5, within(1e-15));
    }

    @ParameterizedTest
    @EnumSource(ReferenceActivation.class)
    void contractivePenaltyIsTheSquaredFrobeniusNormOfTheEncoderJacobian(ReferenceActivation hidden) {
        double lambda = 0.7;
        ReferenceMlp net = ReferenceMlp.builder()
                .topology(4, 3, 4)
                .glorotUniform(5)
                .hiddenActivation(hidden)
                .penalty(ReferencePenalty.contractive(lambda))
                .build();
        double[] x = {0.2, 0.9, 0.4, 0.6};

        double numericJacobianNorm = 0;
        double h = 1e-6;
        for (int i = 0; i < x.length; i++) {
            double[] up = x.clone();
            double[] down = x.clone();
            up[i] += h;
            down[i] -= h;
            double[] codeUp = net.forward(up).code();
            double[] codeDown = net.forward(down).code();
            for (int j = 0; j < codeUp.length; j++) {
                double dhdx = (codeUp[j] - codeDown[j]) / (2 * h);
                numericJacobianNorm += dhdx * dhdx;
            }
        }

        assertThat(net.objective(x, x).penalty()).isCloseTo(lambda * numericJacobianNorm, within(1e-7));
    }

    @Test
    void bceNeedsASigmoidOutput() {
        assertThatThrownBy(() -> ReferenceMlp.builder()
                        .topology(3, 4, 3)
                        .glorotUniform(1)
                        .outputActivation(ReferenceActivation.IDENTITY)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("BCE needs a SIGMOID output");
    }

    @Test
    void penaltiesNeedExactlyOneHiddenLayer() {
        assertThatThrownBy(() -> ReferenceMlp.builder()
                        .topology(3, 4, 2, 3)
                        .glorotUniform(1)
                        .penalty(ReferencePenalty.l1(0.1))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exactly one hidden layer")
                .hasMessageContaining("[3, 4, 2, 3]");
    }

    @Test
    void rejectsMismatchedShapes() {
        DenseLayer a = new DenseLayer(new double[][] {{1, 2}}, new double[] {0, 0});
        DenseLayer b = new DenseLayer(new double[][] {{1}, {2}, {3}}, new double[] {0});
        ReferenceMlp net =
                ReferenceMlp.builder().topology(3, 4, 3).glorotUniform(1).build();

        assertThatThrownBy(() -> ReferenceMlp.builder().layers(List.of(a, b)).build())
                .hasMessageContaining("layer 1 takes 3 inputs but layer 0 gives 2");
        assertThatThrownBy(() -> new DenseLayer(new double[][] {{1, 2}, {3}}, new double[] {0, 0}))
                .hasMessageContaining("not rectangular");
        assertThatThrownBy(() -> new DenseLayer(new double[][] {{1, 2}}, new double[] {0}))
                .hasMessageContaining("bias has 1 values");
        assertThatThrownBy(() -> new DenseLayer(new double[][] {{Double.NaN}}, new double[] {0}))
                .hasMessageContaining("not finite");
        assertThatThrownBy(() -> net.forward(new double[2])).hasMessageContaining("network expects 3");
        assertThatThrownBy(() -> net.objective(new double[3], new double[2])).hasMessageContaining("outputs 3");
        assertThatThrownBy(() -> ReferencePenalty.l1(-1)).hasMessageContaining("lambda");
    }

    @Test
    void layersAreDefensivelyCopied() {
        double[][] w = {{1, 2}};
        double[] b = {0, 0};
        DenseLayer layer = new DenseLayer(w, b);

        w[0][0] = 99;
        b[0] = 99;
        layer.weights()[0][1] = 99;

        assertThat(layer.weight(0, 0)).isEqualTo(1);
        assertThat(layer.weight(0, 1)).isEqualTo(2);
        assertThat(layer.bias(0)).isZero();
    }

    @Test
    void glorotInitIsDeterministicPerSeed() {
        ReferenceMlp a =
                ReferenceMlp.builder().topology(3, 4, 3).glorotUniform(9).build();
        ReferenceMlp b =
                ReferenceMlp.builder().topology(3, 4, 3).glorotUniform(9).build();
        ReferenceMlp c =
                ReferenceMlp.builder().topology(3, 4, 3).glorotUniform(10).build();

        assertThat(a.layers()).isEqualTo(b.layers());
        assertThat(a.layers()).isNotEqualTo(c.layers());
        assertThat(a.topology()).containsExactly(3, 4, 3);
    }
}
