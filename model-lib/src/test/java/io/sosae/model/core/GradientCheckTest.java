package io.sosae.model.core;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sosae.model.loss.Regularizer;
import io.sosae.reference.DenseLayer;
import io.sosae.reference.MlpGradients;
import io.sosae.reference.ReferenceActivation;
import io.sosae.reference.ReferenceLoss;
import io.sosae.reference.ReferenceMlp;
import io.sosae.reference.ReferencePenalty;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The DJL losses' gradients against the dependency-free reference engine (after "A Peek Into Autoencoder Neural Networks", Subedi and Dhungana), whose
 * gradients are themselves checked against finite differences: same weights, same batch, every
 * regulariser and activation the project uses. The model's backward pass is analytic (no
 * autograd), so this is what keeps it right.
 */
class GradientCheckTest {
    private static final int N = 6;
    private static final int D = 5;
    private static final int B = 4;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("none", Activation.RELU, ReconstructionLoss.MSE, null, ReferencePenalty.none()),
                Arguments.of(
                        "push",
                        Activation.RELU,
                        ReconstructionLoss.MAE,
                        new Regularizer.Push(0.01, 0.2),
                        ReferencePenalty.push(0.01, 0.2)),
                Arguments.of(
                        "l1",
                        Activation.RELU,
                        ReconstructionLoss.MSE,
                        new Regularizer.L1(0.01),
                        ReferencePenalty.l1(0.01)),
                Arguments.of(
                        "l2",
                        Activation.SIGMOID,
                        ReconstructionLoss.MSE,
                        new Regularizer.L2(0.02),
                        ReferencePenalty.l2(0.02)),
                Arguments.of(
                        "contractive-sigmoid",
                        Activation.SIGMOID,
                        ReconstructionLoss.MSE,
                        new Regularizer.Contractive(0.05),
                        ReferencePenalty.contractive(0.05)),
                Arguments.of(
                        "contractive-relu",
                        Activation.RELU,
                        ReconstructionLoss.BCE,
                        new Regularizer.Contractive(0.05),
                        ReferencePenalty.contractive(0.05)),
                Arguments.of(
                        "contractive-tanh-mae",
                        Activation.TANH,
                        ReconstructionLoss.MAE,
                        new Regularizer.Contractive(0.05),
                        ReferencePenalty.contractive(0.05)),
                Arguments.of(
                        "push-tanh-negative-codes",
                        Activation.TANH,
                        ReconstructionLoss.MSE,
                        new Regularizer.Push(0.03, 0.3),
                        ReferencePenalty.push(0.03, 0.3)),
                Arguments.of(
                        "l1-identity",
                        Activation.IDENTITY,
                        ReconstructionLoss.MAE,
                        new Regularizer.L1(0.02),
                        ReferencePenalty.l1(0.02)),
                Arguments.of(
                        "push-leaky-bce",
                        Activation.LEAKY_RELU,
                        ReconstructionLoss.BCE,
                        new Regularizer.Push(0.02, 0.5),
                        ReferencePenalty.push(0.02, 0.5)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void djlGradientsMatchTheReferenceEngine(
            String name, Activation act, ReconstructionLoss loss, Regularizer reg, ReferencePenalty refPenalty) {
        AutoencoderConfig.Builder b = AutoencoderConfig.builder(N, D)
                .encoderActivation(act)
                .outputSigmoid(true)
                .reconstructionLoss(loss)
                .seed(21);
        if (reg != null) {
            b.regularizer(reg);
        }
        AutoencoderConfig cfg = b.build();
        ModelState state = Autoencoder.initialState(cfg);
        SplittableRandom r = new SplittableRandom(4);
        float[] x = new float[B * N];
        double[][] rows = new double[B][N];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble();
            rows[i / N][i % N] = x[i];
        }
        ReferenceMlp mlp = ReferenceMlp.builder()
                .layers(List.of(
                        layer(state.encoderWeight(), state.encoderBias(), N, D),
                        layer(state.decoderWeight(), state.decoderBias(), D, N)))
                .hiddenActivation(ReferenceActivation.valueOf(act.name()))
                .outputActivation(ReferenceActivation.SIGMOID)
                .loss(ReferenceLoss.valueOf(loss.name()))
                .penalty(refPenalty)
                .build();
        MlpGradients expected = mlp.gradients(rows, rows);
        try (Autoencoder model = Autoencoder.restore(state, Device.cpu());
                NDManager m = model.newInputManager()) {
            float[][] got = model.gradients(m.create(x, new Shape(B, N)));
            compare(got[0], expected.layer(0).dWeights(), name + " dWe");
            compare(got[1], expected.layer(0).dBias(), name + " dbe");
            compare(got[2], expected.layer(1).dWeights(), name + " dWd");
            compare(got[3], expected.layer(1).dBias(), name + " dbd");
            // gradients are not left behind to leak into the next step
            float[][] again = model.gradients(m.create(x, new Shape(B, N)));
            compare(again[0], expected.layer(0).dWeights(), name + " dWe (second call)");
        }
    }

    /** The reference engine has no k-sparse layer: check that path against central differences. */
    @Test
    void kSparseGradientsMatchFiniteDifferences() {
        AutoencoderConfig cfg = AutoencoderConfig.builder(N, D)
                .encoderActivation(Activation.RELU)
                .outputSigmoid(true)
                .reconstructionLoss(ReconstructionLoss.MSE)
                .kSparse(2)
                .seed(5)
                .build();
        ModelState state = Autoencoder.initialState(cfg);
        SplittableRandom r = new SplittableRandom(8);
        float[] x = new float[B * N];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble();
        }
        float[][] analytic;
        try (Autoencoder model = Autoencoder.restore(state, Device.cpu());
                NDManager m = model.newInputManager()) {
            analytic = model.gradients(m.create(x, new Shape(B, N)));
        }
        double eps = 1e-3;
        int checked = 0;
        for (int p : new int[] {0, 2}) {
            for (int i = 0; i < analytic[p].length; i++) {
                double numeric = (mseAfterNudge(state, x, p, i, eps) - mseAfterNudge(state, x, p, i, -eps)) / (2 * eps);
                assertThat(Math.abs(analytic[p][i] - numeric))
                        .as("param %d[%d]: analytic %s, numeric %s", p, i, analytic[p][i], numeric)
                        .isLessThanOrEqualTo(2e-4 + 2e-2 * Math.abs(numeric));
                checked += analytic[p][i] != 0 ? 1 : 0;
            }
        }
        // units outside the top k get no gradient, the kept ones do
        assertThat(checked).isGreaterThan(N * 2);
    }

    private static double mseAfterNudge(ModelState s, float[] x, int param, int index, double delta) {
        float[][] p = s.parameters();
        float[][] copy = new float[4][];
        for (int i = 0; i < 4; i++) {
            copy[i] = p[i].clone();
        }
        copy[param][index] += (float) delta;
        ModelState nudged =
                new ModelState(s.config(), copy[0], copy[1], copy[2], copy[3], new float[0][], new float[0][], 0);
        try (Autoencoder model = Autoencoder.restore(nudged, Device.cpu());
                NDManager m = model.newInputManager()) {
            float[] y = model.reconstruct(m.create(x, new Shape(B, N)), D, m).toFloatArray();
            double sum = 0;
            for (int i = 0; i < x.length; i++) {
                sum += (y[i] - (double) x[i]) * (y[i] - x[i]);
            }
            return sum / x.length;
        }
    }

    private static DenseLayer layer(float[] w, float[] bias, int in, int out) {
        double[][] wd = new double[in][out];
        for (int i = 0; i < in; i++) {
            for (int j = 0; j < out; j++) {
                wd[i][j] = w[i * out + j];
            }
        }
        double[] bd = new double[out];
        for (int j = 0; j < out; j++) {
            bd[j] = bias[j];
        }
        return new DenseLayer(wd, bd);
    }

    private static void compare(float[] got, double[][] expected, String what) {
        int cols = expected[0].length;
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < cols; j++) {
                assertClose(got[i * cols + j], expected[i][j], what + "[" + i + "," + j + "]");
            }
        }
    }

    private static void compare(float[] got, double[] expected, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertClose(got[i], expected[i], what + "[" + i + "]");
        }
    }

    private static void assertClose(double got, double expected, String what) {
        assertThat(Math.abs(got - expected))
                .as(what + ": got " + got + ", reference " + expected)
                .isLessThanOrEqualTo(1e-5 + 1e-3 * Math.abs(expected));
    }
}
