package io.sosae.model.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sosae.model.loss.Regularizer;
import io.sosae.model.train.Trainer;
import io.sosae.model.train.TrainingOptions;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The DJL autoencoder on the CPU: the same code path a GPU runs, with device from configuration. */
class AutoencoderTest {
    private static final int N = 20;
    private static final int D = 12;

    static float[] data(int rows, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[rows * N];
        for (int i = 0; i < rows; i++) {
            double a = r.nextDouble();
            double b = r.nextDouble();
            for (int j = 0; j < N; j++) {
                x[i * N + j] = (float) (0.5 + 0.25 * Math.sin(a * 3 + j) * b + 0.2 * Math.cos(b * 2 + 0.5 * j) * a);
            }
        }
        return x;
    }

    static AutoencoderConfig sosae() {
        return AutoencoderConfig.builder(N, D)
                .method(Method.SOSAE)
                .regularizer(new Regularizer.Push(1e-3, 0.05))
                .unitNormDecoder(true)
                .learningRate(3e-3)
                .seed(5)
                .build();
    }

    /** Every temporary of a call must die with the call: none may stay in the model's own manager. */
    @Test
    void trainingEncodingAndDecodingLeaveNoArraysBehind() {
        float[] x = data(64, 9);
        AutoencoderConfig kSparseContractive = sosae().toBuilder()
                .kSparse(6)
                .regularizer(new Regularizer.Contractive(1e-3))
                .build();
        for (AutoencoderConfig cfg : new AutoencoderConfig[] {sosae(), kSparseContractive}) {
            try (Autoencoder m = Autoencoder.create(cfg, Device.cpu());
                    NDManager in = m.newInputManager()) {
                NDManager model = in.getParentManager();
                NDArray batch = in.create(x, new Shape(64, N));
                m.trainStep(batch);
                m.encode(x, 64);
                int before = model.getManagedArrays().size();
                for (int i = 0; i < 20; i++) {
                    m.trainStep(batch);
                    m.encode(x, 64);
                    m.encode(batch, in).close();
                    m.reconstruct(batch, 5, in).close();
                    m.gradients(batch);
                    m.decoderNorms();
                }
                assertThat(model.getManagedArrays())
                        .as(cfg.regularizers().toString())
                        .hasSize(before);
            }
        }
    }

    @Test
    void trainingReducesTheLoss() {
        float[] x = data(512, 1);
        try (Autoencoder m = Autoencoder.create(sosae(), Device.cpu())) {
            var h = Trainer.fit(m, x, 512, TrainingOptions.of(30, 64), s -> {});
            assertThat(h.get(h.size() - 1).reconstruction()).isLessThan(h.get(0).reconstruction() * 0.5);
            assertThat(m.steps()).isEqualTo(30L * 8);
        }
    }

    @Test
    void blobRestoresBitIdenticalOutputsAndContinuesTrainingIdentically() {
        float[] x = data(256, 2);
        try (Autoencoder a = Autoencoder.create(sosae(), Device.cpu())) {
            Trainer.fit(a, x, 256, TrainingOptions.of(3, 64), s -> {});
            byte[] blob = new ModelBlob(a.state(), 7, 5, 1234).toBytes();
            ModelBlob back = ModelBlob.fromBytes(blob);
            assertThat(back.modelVersion()).isEqualTo(7);
            assertThat(back.activeLength()).isEqualTo(5);
            assertThat(back.samplesSeen()).isEqualTo(1234);
            assertThat(back.state().config()).isEqualTo(a.config());
            try (Autoencoder b = Autoencoder.restore(back.state(), Device.cpu())) {
                assertThat(b.encode(x, 256)).containsExactly(a.encode(x, 256));
                assertThat(b.steps()).isEqualTo(a.steps());
                TrainingOptions more = TrainingOptions.of(2, 64).withShuffleSeed(9);
                Trainer.fit(a, x, 256, more, s -> {});
                Trainer.fit(b, x, 256, more, s -> {});
                assertThat(b.encode(x, 256)).containsExactly(a.encode(x, 256));
            }
        }
    }

    @Test
    void blobRejectsGarbageWithAClearMessage() {
        assertThatThrownBy(() -> ModelBlob.fromBytes(new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelBlob.fromBytes(new byte[16])).hasMessageContaining("magic");
    }

    @Test
    void permutingUnitsChangesNoOutput() {
        float[] x = data(64, 3);
        try (Autoencoder m = Autoencoder.create(sosae(), Device.cpu());
                NDManager mg = m.newInputManager()) {
            NDArray in = mg.create(x, new Shape(64, N));
            float[] before = m.reconstruct(in, D, mg).toFloatArray();
            float[] codesBefore = m.encode(x, 64);
            int[] order = {11, 3, 0, 7, 1, 2, 10, 4, 5, 9, 6, 8};
            m.permuteUnits(order);
            float[] after = m.reconstruct(in, D, mg).toFloatArray();
            for (int i = 0; i < before.length; i++) {
                assertThat(after[i]).isCloseTo(before[i], within(1e-5f));
            }
            float[] codesAfter = m.encode(x, 64);
            assertThat(codesAfter[0]).isEqualTo(codesBefore[11]);
            assertThatThrownBy(() -> m.permuteUnits(new int[] {0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}))
                    .hasMessageContaining("permutation");
        }
    }

    @Test
    void decoderSliceDecodesTruncatedCodesLikeTheModel() {
        float[] x = data(32, 4);
        try (Autoencoder m = Autoencoder.create(sosae(), Device.cpu());
                NDManager mg = m.newInputManager()) {
            Trainer.fit(m, data(256, 5), 256, TrainingOptions.of(5, 64), s -> {});
            int len = 7;
            DecoderSlice slice = DecoderSlice.of(m.state(), len, 2);
            assertThat(slice.width()).isEqualTo(9);
            float[] codes = m.encode(x, 32);
            float[] model =
                    m.reconstruct(mg.create(x, new Shape(32, N)), len, mg).toFloatArray();
            for (int b = 0; b < 32; b++) {
                float[] prefix = java.util.Arrays.copyOfRange(codes, b * D, b * D + len);
                float[] y = slice.decode(prefix);
                for (int i = 0; i < N; i++) {
                    assertThat(y[i]).isCloseTo(model[b * N + i], within(1e-5f));
                }
            }
            assertThatThrownBy(() -> slice.decode(new float[10])).hasMessageContaining("newer decoder snapshot");
        }
    }

    @Test
    void reseededUnitsFireAgainAndKeepOthersIntact() {
        float[] x = data(128, 6);
        try (Autoencoder m = Autoencoder.create(sosae(), Device.cpu())) {
            float[] before = m.encode(x, 128);
            m.reseedUnits(8, 12, 99, 1.0);
            float[] after = m.encode(x, 128);
            for (int b = 0; b < 128; b++) {
                for (int j = 0; j < 8; j++) {
                    assertThat(after[b * D + j]).isEqualTo(before[b * D + j]);
                }
            }
            float[] norms = m.decoderNorms();
            for (int j = 8; j < 12; j++) {
                assertThat(norms[j]).isCloseTo(1f, within(1e-4f));
            }
            assertThatThrownBy(() -> m.reseedUnits(5, 13, 1, 1)).hasMessageContaining("outside");
        }
    }

    @Test
    void nonFiniteBatchLeavesTheModelUnchanged() {
        float[] x = data(16, 7);
        x[3] = Float.NaN;
        try (Autoencoder m = Autoencoder.create(sosae(), Device.cpu());
                NDManager mg = m.newInputManager()) {
            float[] before = m.encode(data(16, 8), 16);
            StepStats s = m.trainStep(mg.create(x, new Shape(16, N)));
            assertThat(s.finite()).isFalse();
            assertThat(m.steps()).isZero();
            assertThat(m.encode(data(16, 8), 16)).containsExactly(before);
        }
    }

    @Test
    void unitNormDecoderKeepsEveryColumnAtUnitNorm() {
        try (Autoencoder m = Autoencoder.create(sosae(), Device.cpu())) {
            Trainer.fit(m, data(256, 9), 256, TrainingOptions.of(3, 64), s -> {});
            for (float n : m.decoderNorms()) {
                assertThat(n).isCloseTo(1f, within(1e-4f));
            }
        }
    }

    @Test
    void kSparseKeepsAtMostKNonZeroUnits() {
        AutoencoderConfig cfg = AutoencoderConfig.builder(N, D)
                .method(Method.KSPARSE)
                .kSparse(3)
                .encoderActivation(Activation.SIGMOID)
                .build();
        try (Autoencoder m = Autoencoder.create(cfg, Device.cpu())) {
            float[] codes = m.encode(data(32, 10), 32);
            for (int b = 0; b < 32; b++) {
                int nz = 0;
                for (int j = 0; j < D; j++) {
                    nz += codes[b * D + j] != 0 ? 1 : 0;
                }
                assertThat(nz).isEqualTo(3);
            }
        }
    }

    @Test
    void configValidationSaysWhatToChange() {
        assertThatThrownBy(() -> AutoencoderConfig.builder(0, 4).build()).hasMessageContaining("inputDim");
        assertThatThrownBy(() -> AutoencoderConfig.builder(4, 4).kSparse(5).build())
                .hasMessageContaining("kSparse");
        assertThatThrownBy(
                        () -> AutoencoderConfig.builder(4, 4).maskingNoise(1.0).build())
                .hasMessageContaining("nu");
        assertThatThrownBy(() -> AutoencoderConfig.builder(4, 4)
                        .outputSigmoid(false)
                        .reconstructionLoss(ReconstructionLoss.BCE)
                        .build())
                .hasMessageContaining("outputSigmoid");
        assertThatThrownBy(() -> new Regularizer.L1(-1)).hasMessageContaining("lambda");
    }

    @Test
    void deviceComesFromConfiguration() {
        assertThat(io.sosae.model.runtime.Devices.select("cpu")).isEqualTo(Device.cpu());
        boolean gpu = ai.djl.engine.Engine.getEngine("PyTorch").getGpuCount() > 0;
        assertThat(io.sosae.model.runtime.Devices.select("auto")).isEqualTo(gpu ? Device.gpu() : Device.cpu());
        assertThatThrownBy(() -> io.sosae.model.runtime.Devices.select("gpu:7")).hasMessageContaining("sees");
        assertThatThrownBy(() -> io.sosae.model.runtime.Devices.select("tpu")).hasMessageContaining("unknown device");
    }
}
