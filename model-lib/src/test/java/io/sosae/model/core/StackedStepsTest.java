package io.sosae.model.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.sosae.model.loss.Regularizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.extension.ExtendWith(io.sosae.model.testing.SingleTorchThread.class)
class StackedStepsTest {
    private static final int N = 24;
    private static final int D = 16;
    private static final int ROWS = 32;

    /** The streaming job's SOSAE: linear codes, push regulariser, sigmoid outputs, MAE. */
    private static AutoencoderConfig linearSosae(long seed) {
        return AutoencoderConfig.builder(N, D)
                .method(Method.SOSAE)
                .encoderActivation(Activation.IDENTITY)
                .regularizer(new Regularizer.Push(3e-3, 0.1))
                .learningRate(3e-3)
                .seed(seed)
                .build();
    }

    /** The ReLU SOSAE with unit-norm decoder rows, and MSE for a second loss. */
    private static AutoencoderConfig reluSosae(long seed) {
        return AutoencoderConfig.builder(N, D)
                .method(Method.SOSAE)
                .regularizer(new Regularizer.Push(3e-3, 0.1))
                .reconstructionLoss(ReconstructionLoss.MSE)
                .unitNormDecoder(true)
                .learningRate(3e-3)
                .seed(seed)
                .build();
    }

    private static float[] batches(int models, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[models * ROWS * N];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble();
        }
        return x;
    }

    private static void assertSameAsAlone(java.util.function.LongFunction<AutoencoderConfig> config) {
        int k = 3;
        List<Autoencoder> alone = new ArrayList<>();
        List<Autoencoder> stacked = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            alone.add(Autoencoder.create(config.apply(j + 1), Device.cpu()));
            stacked.add(Autoencoder.create(config.apply(j + 1), Device.cpu()));
        }
        try (StackedSteps steps = new StackedSteps()) {
            // model 1 has taken two steps before: its bias corrections differ from the others'
            for (int s = 0; s < 2; s++) {
                float[] x = Arrays.copyOfRange(batches(1, 100 + s), 0, ROWS * N);
                trainAlone(alone.get(1), x);
                trainAlone(stacked.get(1), x);
            }
            // one call of one round, then one of four rounds: seven steps after the two above for model 1
            List<float[]> rounds = new ArrayList<>();
            for (int s = 0; s < 5; s++) {
                rounds.add(batches(k, s));
            }
            List<StepStats[]> together = new ArrayList<>(steps.step(stacked, rounds.subList(0, 1), ROWS));
            together.addAll(steps.step(stacked, rounds.subList(1, 5), ROWS));
            assertThat(together).hasSize(5);
            for (int s = 0; s < 5; s++) {
                float[] x = rounds.get(s);
                for (int j = 0; j < k; j++) {
                    StepStats own = trainAlone(alone.get(j), Arrays.copyOfRange(x, j * ROWS * N, (j + 1) * ROWS * N));
                    assertThat(together.get(s)[j].reconstruction())
                            .as("step %d, model %d", s, j)
                            .isCloseTo(own.reconstruction(), org.assertj.core.data.Offset.offset(1e-6));
                    assertThat(together.get(s)[j].push())
                            .isCloseTo(own.push(), org.assertj.core.data.Offset.offset(1e-7));
                }
            }
            for (int j = 0; j < k; j++) {
                ModelState a = alone.get(j).state();
                ModelState b = stacked.get(j).state();
                assertThat(b.steps()).isEqualTo(a.steps()).isEqualTo(j == 1 ? 7 : 5);
                for (int i = 0; i < 4; i++) {
                    assertClose(b.parameters()[i], a.parameters()[i], 1e-5f);
                    assertClose(b.adamFirst()[i], a.adamFirst()[i], 1e-6f);
                    assertClose(b.adamSecond()[i], a.adamSecond()[i], 1e-7f);
                }
            }
            // the models really are separate: their weights differ
            assertThat(stacked.get(0).state().parameters()[0])
                    .isNotEqualTo(stacked.get(2).state().parameters()[0]);
        } finally {
            alone.forEach(Autoencoder::close);
            stacked.forEach(Autoencoder::close);
        }
    }

    private static StepStats trainAlone(Autoencoder model, float[] x) {
        try (NDManager m = model.newInputManager()) {
            return model.trainStep(model.upload(x, ROWS, m));
        }
    }

    private static void assertClose(float[] actual, float[] expected, float tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i])
                    .as("element %d", i)
                    .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(tolerance));
        }
    }

    @Test
    void eachModelTakesTheStepItWouldTakeAlone() {
        assertSameAsAlone(StackedStepsTest::linearSosae);
    }

    @Test
    void reluCodesMseAndUnitNormDecodersToo() {
        assertSameAsAlone(StackedStepsTest::reluSosae);
    }

    @Test
    void aRoundWithANonFiniteLossIsTheLastAndItsModelIsLeftAsBeforeTheCall() {
        try (StackedSteps steps = new StackedSteps();
                Autoencoder a = Autoencoder.create(linearSosae(1), Device.cpu());
                Autoencoder b = Autoencoder.create(linearSosae(2), Device.cpu());
                Autoencoder aAlone = Autoencoder.create(linearSosae(1), Device.cpu())) {
            ModelState before = b.state();
            List<float[]> rounds = List.of(batches(2, 1), batches(2, 2), batches(2, 3));
            rounds.get(1)[ROWS * N + 5] = Float.NaN; // b's batch of the second round
            List<StepStats[]> run = steps.step(List.of(a, b), rounds, ROWS);
            assertThat(run).hasSize(2);
            assertThat(run.get(1)[1].finite()).isFalse();
            assertThat(b.steps()).isZero();
            assertThat(b.state().parameters()[2]).isEqualTo(before.parameters()[2]);
            assertThat(a.steps()).isEqualTo(2);
            for (int s = 0; s < 2; s++) {
                trainAlone(aAlone, Arrays.copyOfRange(rounds.get(s), 0, ROWS * N));
            }
            assertClose(a.state().parameters()[0], aAlone.state().parameters()[0], 1e-5f);
        }
    }

    @Test
    void stackedStepsLeaveNothingBehindInTheModelsManagers() {
        try (StackedSteps steps = new StackedSteps();
                Autoencoder a = Autoencoder.create(linearSosae(1), Device.cpu());
                Autoencoder b = Autoencoder.create(linearSosae(2), Device.cpu())) {
            int before = managed(a) + managed(b);
            for (int call = 0; call < 3; call++) {
                steps.step(List.of(a, b), List.of(batches(2, call), batches(2, call + 10)), ROWS);
            }
            assertThat(a.steps()).isEqualTo(6);
            assertThat(managed(a) + managed(b)).isEqualTo(before);
        }
    }

    private static int managed(Autoencoder model) {
        return ((ai.djl.ndarray.BaseNDManager) model.arrayManager())
                .getManagedArrays()
                .size();
    }

    @Test
    void aModelWithANonFiniteLossIsLeftAsItWas() {
        try (StackedSteps steps = new StackedSteps();
                Autoencoder a = Autoencoder.create(linearSosae(1), Device.cpu());
                Autoencoder b = Autoencoder.create(linearSosae(2), Device.cpu())) {
            ModelState before = b.state();
            float[] x = batches(2, 9);
            x[ROWS * N + 5] = Float.NaN; // in b's batch
            StepStats[] stats = steps.step(List.of(a, b), x, ROWS);
            assertThat(stats[0].finite()).isTrue();
            assertThat(stats[1].finite()).isFalse();
            assertThat(a.steps()).isEqualTo(1);
            assertThat(b.steps()).isZero();
            assertThat(b.state().parameters()[0]).isEqualTo(before.parameters()[0]);
            assertThat(b.state().adamFirst()[2]).isEqualTo(before.adamFirst()[2]);
        }
    }

    @Test
    void refusesModelsOfDifferentShapesOrUnsupportedConfigurations() {
        AutoencoderConfig wider = linearSosae(1).toBuilder().build();
        try (StackedSteps steps = new StackedSteps();
                Autoencoder a = Autoencoder.create(linearSosae(1), Device.cpu());
                Autoencoder b = Autoencoder.create(
                        AutoencoderConfig.builder(N, D + 1).seed(2).build(), Device.cpu());
                Autoencoder noisy =
                        Autoencoder.create(wider.toBuilder().maskingNoise(0.2).build(), Device.cpu())) {
            assertThatThrownBy(() -> steps.step(List.of(a, b), batches(2, 1), ROWS))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("share a configuration");
            assertThatThrownBy(() -> steps.step(List.of(noisy), batches(1, 1), ROWS))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cannot take stacked steps");
            assertThat(StackedSteps.supports(linearSosae(1))).isTrue();
            assertThat(StackedSteps.supports(wider.toBuilder().kSparse(4).build()))
                    .isFalse();
        }
    }
}
