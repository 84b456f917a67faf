package io.sosae.model.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.sosae.model.core.Method;
import io.sosae.model.eval.MethodPresets;
import io.sosae.model.stream.CompressorFactory;
import io.sosae.model.stream.EncodedBatch;
import io.sosae.model.stream.Promotion;
import io.sosae.model.stream.StreamCompressor;
import io.sosae.model.stream.StreamOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SearchedWidthCompressorTest {
    private static final int N = 24;
    private static final int CAPACITY = 12;

    private static CompressorFactory factory(Method method) {
        StreamOptions stream = new StreamOptions(32, 4, 1024, 256, 256, 0, 2, 1e-3, 5, 0);
        SearchOptions search =
                new SearchOptions(method == Method.GRID ? "grid" : "random", 512, 20, 2, 6, 0.25, 0.5, 3);
        return SearchedWidthCompressor.factory(
                method,
                d -> MethodPresets.of(Method.AE, N, d, 7).toBuilder()
                        .learningRate(1e-2)
                        .build(),
                CAPACITY,
                stream,
                search);
    }

    /** Rows 0.5 + A z + noise with z ~ U(-1, 1)^m and a fixed random map A of m columns. */
    private static float[] lowRank(int m, int rows, long seed) {
        SplittableRandom mapRandom = new SplittableRandom(40 + m);
        double[] a = new double[N * m];
        for (int i = 0; i < a.length; i++) {
            a[i] = mapRandom.nextDouble(-0.4, 0.4) / m;
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
                x[b * N + i] = (float) (v + 0.02 * random.nextGaussian()); // a noise floor: an elbow
            }
        }
        return x;
    }

    private static List<Promotion> feed(StreamCompressor c, float[] x) {
        List<Promotion> out = new ArrayList<>();
        int rows = x.length / N;
        for (int i = 0; i < rows; i += 32) {
            c.observe(Arrays.copyOfRange(x, i * N, (i + 32) * N), 32).ifPresent(out::add);
        }
        return out;
    }

    @Test
    void servesTheCapacityUntilItsWindowIsSearchedThenTheChosenWidth() {
        try (StreamCompressor c = factory(Method.GRID).create(Device.cpu())) {
            assertThat(c.method()).isEqualTo(Method.GRID);
            assertThat(c.servingLength()).isEqualTo(CAPACITY);
            List<Promotion> ps = feed(c, lowRank(3, 512, 1));
            // the inner model's promotion at row 512 and the search's coincide: one version, no gap
            assertThat(ps).extracting(Promotion::modelVersion).containsExactly(2L, 3L);
            Promotion searched = ps.get(ps.size() - 1);
            assertThat(((SearchedWidthCompressor) c).searches()).isEqualTo(1);
            assertThat(searched.emittedLength()).as("a width for 3 directions").isBetween(2, 8);
            assertThat(c.servingLength()).isEqualTo(searched.emittedLength());
            float[] test = lowRank(3, 16, 2);
            EncodedBatch codes = c.encode(test, 16);
            for (int b = 0; b < 16; b++) {
                assertThat(codes.codes()[b]).hasSize(searched.emittedLength());
                float[] y = searched.decoder().decode(codes.codes()[b]);
                double e = 0;
                for (int i = 0; i < N; i++) {
                    e += Math.abs(y[i] - test[b * N + i]);
                }
                assertThat(e / N)
                        .isCloseTo(codes.reconstructionErrors()[b], org.assertj.core.api.Assertions.within(1e-5));
            }
        }
    }

    @Test
    void searchesAgainWhenTheStreamDriftsAndRestoresItsState() {
        CompressorFactory f = factory(Method.GRID);
        try (StreamCompressor c = f.create(Device.cpu())) {
            feed(c, lowRank(2, 512, 3));
            int first = c.servingLength();
            byte[] blob = c.promotion().blob();
            feed(c, lowRank(8, 1536, 4));
            assertThat(((SearchedWidthCompressor) c).searches())
                    .as("the error rose: searched again")
                    .isEqualTo(2);
            assertThat(c.servingLength()).as("more directions, a wider code").isGreaterThan(first);
            try (StreamCompressor back = f.restore(blob, Device.cpu())) {
                assertThat(back.servingLength()).isEqualTo(first);
                assertThat(back.method()).isEqualTo(Method.GRID);
            }
            assertThatThrownBy(() -> factory(Method.RANDOM).restore(blob, Device.cpu()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the model in state is GRID");
        }
    }
}
