package io.sosae.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Analytic gradients against central finite differences for every activation, loss and penalty. */
class ReferenceGradientCheckTest {
    private static final double EPS = 1e-6;

    static Stream<Arguments> oneHiddenLayerCases() {
        List<Arguments> cases = new ArrayList<>();
        List<ReferencePenalty> penalties = List.of(
                ReferencePenalty.none(),
                ReferencePenalty.l1(0.03),
                ReferencePenalty.l2(0.05),
                ReferencePenalty.push(0.02, 0.3),
                ReferencePenalty.contractive(0.04));
        for (ReferenceActivation hidden : ReferenceActivation.values()) {
            for (ReferenceActivation output : List.of(ReferenceActivation.SIGMOID, ReferenceActivation.IDENTITY)) {
                for (ReferenceLoss loss : ReferenceLoss.values()) {
                    if (!loss.supports(output)) {
                        continue;
                    }
                    for (ReferencePenalty penalty : penalties) {
                        cases.add(Arguments.of(hidden, output, loss, penalty));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @MethodSource("oneHiddenLayerCases")
    void oneHiddenLayerGradientsMatchFiniteDifferences(
            ReferenceActivation hidden, ReferenceActivation output, ReferenceLoss loss, ReferencePenalty penalty) {
        ReferenceMlp net = withRandomBiases(
                ReferenceMlp.builder()
                        .topology(5, 4, 5)
                        .glorotUniform(11)
                        .hiddenActivation(hidden)
                        .outputActivation(output)
                        .loss(loss)
                        .penalty(penalty)
                        .build(),
                12);

        assertGradientsMatch(net, randomBatch(3, 5, 13), randomBatch(3, 5, 14));
    }

    static Stream<Arguments> deepCases() {
        List<Arguments> cases = new ArrayList<>();
        for (ReferenceActivation hidden : ReferenceActivation.values()) {
            cases.add(Arguments.of(hidden, ReferenceActivation.SIGMOID, ReferenceLoss.BCE));
            cases.add(Arguments.of(hidden, ReferenceActivation.IDENTITY, ReferenceLoss.MSE));
            cases.add(Arguments.of(hidden, ReferenceActivation.SIGMOID, ReferenceLoss.MAE));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("deepCases")
    void deeperNetworksBackpropThroughEveryLayer(
            ReferenceActivation hidden, ReferenceActivation output, ReferenceLoss loss) {
        ReferenceMlp net = withRandomBiases(
                ReferenceMlp.builder()
                        .topology(4, 6, 3, 5, 4)
                        .glorotUniform(21)
                        .hiddenActivation(hidden)
                        .outputActivation(output)
                        .loss(loss)
                        .build(),
                22);

        assertGradientsMatch(net, randomBatch(2, 4, 23), randomBatch(2, 4, 24));
    }

    private static void assertGradientsMatch(ReferenceMlp net, double[][] inputs, double[][] targets) {
        MlpGradients analytic = net.gradients(inputs, targets);
        ToDoubleFunction<ReferenceMlp> objective =
                n -> n.objective(inputs, targets).total();
        assertThat(analytic.objective().total())
                .isCloseTo(objective.applyAsDouble(net), org.assertj.core.api.Assertions.within(1e-12));

        for (int l = 0; l < net.layers().size(); l++) {
            DenseLayer layer = net.layer(l);
            for (int i = 0; i < layer.inputs(); i++) {
                for (int j = 0; j < layer.outputs(); j++) {
                    double numeric = centralDifference(net, objective, l, i, j);
                    assertNear(analytic.layer(l).dWeight(i, j), numeric, "dW" + (l + 1) + "[" + i + "][" + j + "]");
                }
            }
            for (int j = 0; j < layer.outputs(); j++) {
                double numeric = centralDifference(net, objective, l, -1, j);
                assertNear(analytic.layer(l).dBias(j), numeric, "db" + (l + 1) + "[" + j + "]");
            }
        }
    }

    /** Central difference of the objective in one weight (row i) or, for i = -1, one bias. */
    private static double centralDifference(
            ReferenceMlp net, ToDoubleFunction<ReferenceMlp> objective, int layer, int i, int j) {
        return (objective.applyAsDouble(perturbed(net, layer, i, j, EPS))
                        - objective.applyAsDouble(perturbed(net, layer, i, j, -EPS)))
                / (2 * EPS);
    }

    private static ReferenceMlp perturbed(ReferenceMlp net, int layer, int i, int j, double delta) {
        List<DenseLayer> layers = new ArrayList<>(net.layers());
        double[][] w = layers.get(layer).weights();
        double[] b = layers.get(layer).bias();
        if (i < 0) {
            b[j] += delta;
        } else {
            w[i][j] += delta;
        }
        layers.set(layer, new DenseLayer(w, b));
        return net.withLayers(layers);
    }

    private static void assertNear(double analytic, double numeric, String what) {
        double tolerance = 1e-7 + 1e-5 * Math.max(Math.abs(analytic), Math.abs(numeric));
        assertThat(Math.abs(analytic - numeric))
                .as("%s: analytic %s vs numeric %s", what, analytic, numeric)
                .isLessThanOrEqualTo(tolerance);
    }

    private static ReferenceMlp withRandomBiases(ReferenceMlp net, long seed) {
        Random random = new Random(seed);
        List<DenseLayer> layers = new ArrayList<>();
        for (DenseLayer layer : net.layers()) {
            double[] b = new double[layer.outputs()];
            for (int j = 0; j < b.length; j++) {
                b[j] = random.nextGaussian() * 0.5;
            }
            layers.add(new DenseLayer(layer.weights(), b));
        }
        return net.withLayers(layers);
    }

    /** Values in [0.05, 0.95] so BCE targets are valid and MAE stays off its kink. */
    private static double[][] randomBatch(int n, int dim, long seed) {
        Random random = new Random(seed);
        double[][] batch = new double[n][dim];
        for (double[] row : batch) {
            for (int k = 0; k < dim; k++) {
                row[k] = 0.05 + 0.9 * random.nextDouble();
            }
        }
        return batch;
    }
}
