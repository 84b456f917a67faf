package io.sosae.model.pca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sosae.model.core.DecoderSlice;
import io.sosae.model.stream.EncodedBatch;
import io.sosae.model.stream.Promotion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StreamingPcaTest {
    private static final int N = 24;

    private static PcaOptions options() {
        return new PcaOptions(N, 16, 0.95, 0.98, 1000, 256, 1);
    }

    /** Rows x = 0.5 + A z + noise with a random N x m map A and z ~ U(-1, 1)^m. */
    private static float[] lowRank(int m, int rows, long seed, double noise) {
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

    private static List<Promotion> feed(StreamingPca pca, float[] x) {
        List<Promotion> out = new ArrayList<>();
        int rows = x.length / N;
        for (int i = 0; i < rows; i += 32) {
            int b = Math.min(32, rows - i);
            pca.observe(Arrays.copyOfRange(x, i * N, (i + b) * N), b).ifPresent(out::add);
        }
        return out;
    }

    @Test
    void versionOneCodesTheRawValues() {
        StreamingPca pca = StreamingPca.create(options());
        assertThat(pca.version()).isEqualTo(1);
        assertThat(pca.servingLength()).isEqualTo(16);
        float[] x = lowRank(3, 2, 1, 0.01);
        EncodedBatch codes = pca.encode(x, 2);
        assertThat(codes.codes()[0]).containsExactly(Arrays.copyOfRange(x, 0, 16));
    }

    @Test
    void rankFollowsTheDataAndCodesDecodeFromTheSnapshot() {
        StreamingPca pca = StreamingPca.create(options());
        List<Promotion> low = feed(pca, lowRank(3, 2048, 1, 0.005));
        assertThat(low).extracting(Promotion::modelVersion).startsWith(2L, 3L);
        Promotion atThree = low.get(low.size() - 1);
        assertThat(atThree.emittedLength()).isEqualTo(3);
        assertThat(pca.retainedEnergy()).isGreaterThan(0.95);

        float[] test = lowRank(3, 64, 2, 0.005);
        EncodedBatch codes = pca.encode(test, 64);
        DecoderSlice slice = atThree.decoder();
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
        assertThat(mae).as("error of a rank-3 fit to rank-3 data is the noise").isLessThan(0.01);

        // More directions: the rank grows; fewer again: it shrinks (forgetting follows the stream).
        feed(pca, lowRank(8, 6144, 3, 0.005));
        assertThat(pca.servingLength()).isEqualTo(8);
        feed(pca, lowRank(2, 12288, 4, 0.005));
        assertThat(pca.servingLength()).as("retained %s", pca.retainedEnergy()).isEqualTo(2);
    }

    @Test
    void componentsKeepTheirSignsAcrossVersions() {
        StreamingPca pca = StreamingPca.create(options());
        List<Promotion> ps = feed(pca, lowRank(3, 4096, 5, 0.005));
        float[] x = lowRank(3, 16, 6, 0.005);
        Promotion a = ps.get(ps.size() - 2);
        Promotion b = ps.get(ps.size() - 1);
        for (int j = 0; j < 3; j++) {
            double dot = 0;
            for (int i = 0; i < N; i++) {
                dot += a.decoder().weights()[i * a.decoder().width() + j]
                        * b.decoder().weights()[i * b.decoder().width() + j];
            }
            assertThat(dot).as("component %d of consecutive versions", j).isGreaterThan(0.99);
        }
        assertThat(pca.encode(x, 16).codes()[0]).hasSize(3);
    }

    @Test
    void restoreContinuesExactly() {
        StreamingPca pca = StreamingPca.create(options());
        feed(pca, lowRank(4, 600, 7, 0.01));
        byte[] blob = pca.promotion().blob();
        StreamingPca back = StreamingPca.restore(blob, options());
        assertThat(back.version()).isEqualTo(pca.version());
        assertThat(back.samplesSeen()).isEqualTo(pca.samplesSeen());
        float[] more = lowRank(4, 512, 8, 0.01);
        List<Promotion> a = feed(pca, more);
        List<Promotion> b = feed(back, more);
        assertThat(b)
                .extracting(Promotion::modelVersion)
                .isEqualTo(a.stream().map(Promotion::modelVersion).toList());
        float[] x = lowRank(4, 8, 9, 0.01);
        assertThat(back.encode(x, 8).codes()).isDeepEqualTo(pca.encode(x, 8).codes());
        assertThat(pca.flops())
                .as("counted since creation")
                .isGreaterThan(back.flops())
                .isGreaterThan(0);
    }

    @Test
    void rejectsAnotherMethodsBlobAndSkipsNonFiniteRows() {
        assertThatThrownBy(() -> StreamingPca.restore(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, options()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a streaming PCA");
        StreamingPca pca = StreamingPca.create(options());
        float[] x = lowRank(3, 2, 1, 0.01);
        x[3] = Float.NaN;
        Optional<Promotion> p = pca.observe(x, 2);
        assertThat(p).isEmpty();
        assertThat(pca.samplesSeen()).isEqualTo(1);
    }
}
