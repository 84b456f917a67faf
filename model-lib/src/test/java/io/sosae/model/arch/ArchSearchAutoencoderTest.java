package io.sosae.model.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import io.sosae.model.core.DecoderSlice;
import io.sosae.model.core.Flops;
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

class ArchSearchAutoencoderTest {
    private static final int N = 24;

    static ArchSearchOptions options() {
        return ArchSearchOptions.defaults(N, 16).withPromoteEvery(512);
    }

    /** Rows x = 0.5 + A z + noise with a random N x m map A and z ~ U(-1, 1)^m. */
    static float[] lowRank(int m, int rows, long seed, double noise) {
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
                x[b * N + i] = (float) (v + noise * random.nextGaussian());
            }
        }
        return x;
    }

    static List<Promotion> feed(StreamCompressor c, float[] x) {
        List<Promotion> out = new ArrayList<>();
        int rows = x.length / N;
        for (int i = 0; i < rows; i += 32) {
            int b = Math.min(32, rows - i);
            c.observe(Arrays.copyOfRange(x, i * N, (i + b) * N), b).ifPresent(out::add);
        }
        return out;
    }

    @Test
    void versionsCodesDecodeFromTheSnapshotAndTheLengthShrinksToTheDataDimension() {
        ArchSearchAutoencoder a = ArchSearchAutoencoder.create(options());
        assertThat(a.version()).isEqualTo(1);
        assertThat(a.servingLength()).isEqualTo(16);
        assertThat(a.promotion().decoder().width()).isEqualTo(16);
        List<Promotion> ps = feed(a, lowRank(3, 24576, 1, 0.005));
        assertThat(ps).extracting(Promotion::modelVersion).startsWith(2L, 3L, 4L);
        assertThat(ps).hasSize(48);
        Promotion last = ps.get(ps.size() - 1);
        assertThat(last.modelVersion()).isEqualTo(a.version()).isEqualTo(49);
        assertThat(last.emittedLength())
                .as("live code units on a rank-3 stream, live hidden %s", Arrays.toString(a.liveUnits()))
                .isBetween(3, 5);
        assertThat(a.liveUnits()[0]).as("hidden units were removed too").isLessThan(32);
        // lengths never grow from one version to the next
        for (int i = 1; i < ps.size(); i++) {
            assertThat(ps.get(i).emittedLength())
                    .isLessThanOrEqualTo(ps.get(i - 1).emittedLength());
        }

        float[] test = lowRank(3, 64, 2, 0.005);
        EncodedBatch codes = a.encode(test, 64);
        assertThat(codes.length()).isEqualTo(last.emittedLength());
        DecoderSlice slice = last.decoder();
        double mae = 0;
        for (int b = 0; b < 64; b++) {
            float[] y = slice.decode(codes.codes()[b]);
            double e = 0;
            for (int i = 0; i < N; i++) {
                e += Math.abs(y[i] - test[b * N + i]);
            }
            assertThat(e / N).isCloseTo(codes.reconstructionErrors()[b], within(1e-5));
            mae += e / N / 64;
        }
        assertThat(mae).as("error of the searched model on rank-3 data").isLessThan(0.04);
    }

    @Test
    void restoreContinuesExactly() {
        ArchSearchAutoencoder a = ArchSearchAutoencoder.create(options());
        feed(a, lowRank(4, 1100, 7, 0.01));
        byte[] blob = a.promotion().blob();
        ArchSearchAutoencoder back = ArchSearchAutoencoder.restore(blob, options());
        assertThat(back.version()).isEqualTo(a.version());
        assertThat(back.samplesSeen()).isEqualTo(a.samplesSeen());
        float[] x = lowRank(4, 8, 9, 0.01);
        assertThat(back.encode(x, 8).codes()).isDeepEqualTo(a.encode(x, 8).codes());
        float[] more = lowRank(4, 1100, 8, 0.01);
        List<Promotion> pa = feed(a, more);
        List<Promotion> pb = feed(back, more);
        assertThat(pb)
                .extracting(Promotion::modelVersion)
                .isEqualTo(pa.stream().map(Promotion::modelVersion).toList());
        assertThat(back.encode(x, 8).codes()).isDeepEqualTo(a.encode(x, 8).codes());
        assertThat(back.promotion().blob()).isEqualTo(a.promotion().blob());
    }

    @Test
    void factoryRejectsAnotherMethodsBlobAndOptionsAreValidated() {
        CompressorFactory f = ArchSearchAutoencoder.factory(options());
        byte[] pcaBlob = StreamingPca.create(new PcaOptions(N, 16, 0.95, 0.98, 1000, 256, 1))
                .promotion()
                .blob();
        assertThatThrownBy(() -> f.restore(pcaBlob, Device.cpu()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an architecture-search autoencoder");
        try (StreamCompressor c = f.create(Device.cpu())) {
            byte[] blob = c.promotion().blob();
            assertThatThrownBy(() -> ArchSearchAutoencoder.restore(blob, ArchSearchOptions.defaults(N, 8)))
                    .hasMessageContaining("capacity 16");
            float[] x = lowRank(3, 2, 1, 0.01);
            x[3] = Float.NaN;
            assertThat(c.observe(x, 2)).isEmpty();
            assertThat(c.samplesSeen()).isEqualTo(1);
        }
        assertThatThrownBy(() -> ArchSearchOptions.defaults(N, 0)).hasMessageContaining("capacity");
        assertThatThrownBy(() -> ArchSearchOptions.defaults(N, 4).withLambda(-1))
                .hasMessageContaining("lambda >= 0");
        assertThatThrownBy(() -> ArchSearchOptions.defaults(N, 4).withPromoteEvery(0))
                .hasMessageContaining("promoteEvery");
    }

    @Test
    void countsTheFlopsOfEveryTrainingStepAndEncode() {
        ArchSearchOptions o = options();
        ArchSearchAutoencoder a = ArchSearchAutoencoder.create(o);
        int h = o.hiddenCapacity();
        int d = o.capacity();
        feed(a, lowRank(3, 1024, 5, 0.01)); // 32 batches of 32 rows, 4 steps each
        double perSample = Flops.chainForwardPerSample(N, h, d, N) + Flops.chainBackwardPerSample(N, h, d, N);
        double adam = Flops.ADAM_PER_PARAMETER * (Flops.chainParameters(N, h, d, N) + h + d + 2.0);
        double expected = 0;
        for (int batch = 1; batch <= 32; batch++) {
            int replayed = Math.min(o.replayCapacity(), 32 * batch);
            expected += o.stepsPerBatch() * (Math.min(o.batchSize(), replayed) * perSample + adam);
        }
        assertThat(a.flops()).isEqualTo(expected, within(1.0));
        int length = a.servingLength();
        a.encode(lowRank(3, 10, 6, 0.01), 10);
        double encode = 10.0
                * (Flops.chainForwardPerSample(N, h, d, N)
                        + Flops.decodePerSample(N, length)
                        + Flops.errorPerSample(N));
        assertThat(a.flops()).isEqualTo(expected + encode, within(1.0));
    }
}
