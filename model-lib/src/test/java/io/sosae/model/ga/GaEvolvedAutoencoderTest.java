package io.sosae.model.ga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import io.sosae.model.core.Activation;
import io.sosae.model.core.DecoderSlice;
import io.sosae.model.core.Flops;
import io.sosae.model.core.Method;
import io.sosae.model.pca.PcaOptions;
import io.sosae.model.pca.StreamingPca;
import io.sosae.model.stream.CompressorFactory;
import io.sosae.model.stream.EncodedBatch;
import io.sosae.model.stream.Promotion;
import io.sosae.model.stream.StreamCompressor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaEvolvedAutoencoderTest {
    private static final int N = 16;

    private static EvolvedAutoencoderOptions options() {
        return new EvolvedAutoencoderOptions(
                N, 4, Activation.SIGMOID, false, new GaOptions(16, 4, 0.05, 3), 4, 16, 256, 64, 256);
    }

    /** Rows x = 0.5 + A z + noise with a fixed random N x m map A and z ~ U(-1, 1)^m. */
    static float[] lowRank(int m, int rows, long seed) {
        SplittableRandom mapRandom = new SplittableRandom(99 + m);
        double[] a = new double[N * m];
        for (int i = 0; i < a.length; i++) {
            a[i] = mapRandom.nextDouble(-0.2, 0.2);
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[rows * N];
        for (int b = 0; b < rows; b++) {
            double[] z = new double[m];
            for (int k = 0; k < m; k++) {
                z[k] = random.nextDouble(-1, 1);
            }
            for (int i = 0; i < N; i++) {
                double v = 0.5;
                for (int k = 0; k < m; k++) {
                    v += a[i * m + k] * z[k];
                }
                x[b * N + i] = (float) (v + 0.005 * random.nextGaussian());
            }
        }
        return x;
    }

    private static List<Promotion> feed(StreamCompressor c, float[] x) {
        List<Promotion> out = new ArrayList<>();
        int rows = x.length / N;
        for (int i = 0; i < rows; i += 32) {
            int b = Math.min(32, rows - i);
            c.observe(Arrays.copyOfRange(x, i * N, (i + b) * N), b).ifPresent(out::add);
        }
        return out;
    }

    private static double mae(StreamCompressor c, float[] x) {
        double sum = 0;
        int rows = x.length / N;
        for (float e : c.encode(x, rows).reconstructionErrors()) {
            sum += e;
        }
        return sum / rows;
    }

    @Test
    void versionsGrowAndCodesDecodeFromTheSnapshotWithTheReportedError() {
        try (EvolvedAutoencoder ga = EvolvedAutoencoder.create(options(), Device.cpu())) {
            assertThat(ga.version()).isEqualTo(1);
            assertThat(ga.promotion().modelVersion()).isEqualTo(1);
            List<Promotion> ps = feed(ga, lowRank(2, 512, 1));
            assertThat(ps).extracting(Promotion::modelVersion).containsExactly(2L, 3L);
            assertThat(ps.get(1).samplesSeen()).isEqualTo(512);
            assertThat(ga.generations()).isEqualTo(512 / 16 * 4);
            Promotion last = ps.get(1);
            assertThat(last.emittedLength()).isEqualTo(4);
            assertThat(last.reconstructionLoss()).isFinite();

            float[] test = lowRank(2, 32, 2);
            EncodedBatch codes = ga.encode(test, 32);
            assertThat(codes.modelVersion()).isEqualTo(3);
            DecoderSlice slice = last.decoder();
            for (int b = 0; b < 32; b++) {
                assertThat(codes.codes()[b]).hasSize(4);
                float[] y = slice.decode(codes.codes()[b]);
                double e = 0;
                for (int i = 0; i < N; i++) {
                    e += Math.abs(y[i] - test[b * N + i]);
                }
                assertThat(e / N).isCloseTo(codes.reconstructionErrors()[b], within(1e-5));
            }
        }
    }

    @Test
    void evolutionLowersTheErrorOnALowRankStream() {
        try (EvolvedAutoencoder ga = EvolvedAutoencoder.create(options(), Device.cpu())) {
            float[] test = lowRank(2, 128, 7);
            double before = mae(ga, test);
            List<Promotion> ps = feed(ga, lowRank(2, 4096, 3));
            double after = mae(ga, test);
            assertThat(after)
                    .as("held-out MAE before %s after %s", before, after)
                    .isLessThan(before * 0.6);
            assertThat(ps.get(ps.size() - 1).reconstructionLoss())
                    .isLessThan(ps.get(0).reconstructionLoss());
        }
    }

    @Test
    void restoreContinuesIdenticallyAndForeignBlobsAreRefused() {
        CompressorFactory factory = EvolvedAutoencoder.factory(options());
        assertThat(factory.method()).isEqualTo(Method.GA);
        float[] first = lowRank(2, 512, 4);
        float[] second = lowRank(2, 512, 5);
        try (StreamCompressor a = factory.create(Device.cpu())) {
            List<Promotion> ps = feed(a, first);
            feed(a, Arrays.copyOf(second, 48 * N)); // mid-interval: counters and replay must travel too
            byte[] blob = a.promotion().blob();
            // the blob is the serving version at the last promotion, plus the evolving state now
            try (StreamCompressor b = factory.restore(blob, Device.cpu())) {
                assertThat(b.version())
                        .isEqualTo(a.version())
                        .isEqualTo(ps.get(ps.size() - 1).modelVersion());
                assertThat(b.samplesSeen()).isEqualTo(a.samplesSeen());
                float[] rest = Arrays.copyOfRange(second, 48 * N, second.length);
                List<Promotion> pa = feed(a, rest);
                List<Promotion> pb = feed(b, rest);
                assertThat(pb).hasSameSizeAs(pa).isNotEmpty();
                for (int i = 0; i < pa.size(); i++) {
                    assertThat(pb.get(i).modelVersion()).isEqualTo(pa.get(i).modelVersion());
                    assertThat(pb.get(i).decoder().weights())
                            .containsExactly(pa.get(i).decoder().weights());
                    assertThat(pb.get(i).reconstructionLoss())
                            .isEqualTo(pa.get(i).reconstructionLoss());
                }
                float[] probe = lowRank(2, 8, 6);
                assertThat(b.encode(probe, 8).codes()[3])
                        .containsExactly(a.encode(probe, 8).codes()[3]);
            }
        }
        byte[] pca = StreamingPca.create(new PcaOptions(N, 4, 0.95, 0.98, 100, 64, 0))
                .promotion()
                .blob();
        assertThatThrownBy(() -> factory.restore(pca, Device.cpu()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a GA-evolved autoencoder");
        try (EvolvedAutoencoder ga = EvolvedAutoencoder.create(options(), Device.cpu())) {
            byte[] blob = ga.promotion().blob();
            EvolvedAutoencoderOptions wider = new EvolvedAutoencoderOptions(
                    N, 5, Activation.SIGMOID, false, new GaOptions(16, 4, 0.05, 3), 4, 16, 256, 64, 256);
            assertThatThrownBy(() -> EvolvedAutoencoder.restore(blob, wider, Device.cpu()))
                    .hasMessageContaining("16 -> 4")
                    .hasMessageContaining("start from an empty state");
        }
    }

    @Test
    void optionsAreValidated() {
        GaOptions ga = new GaOptions(4, 2, 0.1, 1);
        assertThatThrownBy(() -> new EvolvedAutoencoderOptions(0, 4, Activation.SIGMOID, false, ga, 1, 1, 8, 4, 8))
                .hasMessageContaining("inputDim and capacity");
        assertThatThrownBy(() -> new EvolvedAutoencoderOptions(8, 4, Activation.TANH, false, ga, 1, 1, 8, 4, 8))
                .hasMessageContaining("SIGMOID or RELU");
        assertThatThrownBy(() -> new EvolvedAutoencoderOptions(8, 4, Activation.RELU, false, ga, 1, 1, 8, 16, 8))
                .hasMessageContaining("fit in the replay buffer");
        assertThatThrownBy(() -> new EvolvedAutoencoderOptions(8, 4, Activation.RELU, false, ga, 0, 1, 8, 4, 8))
                .hasMessageContaining("generationsPerStep");
        assertThat(EvolvedAutoencoderOptions.defaults(64, 16, 1).parameters()).isEqualTo(2 * 64 * 16 + 64 + 16);
    }

    @Test
    void countsEveryIndividualsFitnessEvaluation() {
        try (EvolvedAutoencoder ga = EvolvedAutoencoder.create(options(), Device.cpu())) {
            assertThat(ga.flops()).isZero();
            feed(ga, lowRank(2, 512, 7));
            // 512 rows: an evolution step every 16 (32 steps) of 4 generations, each 16 children
            // and the parent on 64 replayed rows; two promotions measure 64 recent rows each
            long perSample = Flops.forwardPerSample(N, 4) + Flops.errorPerSample(N);
            double evolved = 32.0 * 4 * 17 * 64 * perSample;
            assertThat(ga.flops()).isEqualTo(evolved + 2 * 64.0 * perSample, within(1.0));
            ga.encode(lowRank(2, 8, 8), 8);
            assertThat(ga.flops()).isEqualTo(evolved + (2 * 64.0 + 8) * perSample, within(1.0));
        }
    }
}
