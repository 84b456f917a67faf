package io.sosae.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sosae.schemas.SensorFrame;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The equal-error yardstick of the comparison, on data whose rank is known. */
class PcaReferenceTest {

    /** Frames 0.5 + a u + b v with orthonormal u, v on 12 values (rank 2, no noise). */
    private static List<SensorFrame> rankTwo(int count) {
        int n = 12;
        double[] u = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = (i < 6 ? 1 : 0) / Math.sqrt(6);
            v[i] = (i % 2 == 0 ? 1 : -1) / Math.sqrt(12);
        }
        SplittableRandom random = new SplittableRandom(3);
        List<SensorFrame> frames = new ArrayList<>();
        for (int f = 0; f < count; f++) {
            double a = random.nextDouble(-0.3, 0.3);
            double b = random.nextDouble(-0.1, 0.1);
            List<Float> values = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                values.add((float) (0.5 + a * u[i] + b * v[i]));
            }
            frames.add(SensorFrame.newBuilder()
                    .setStreamId("s")
                    .setSeq(f)
                    .setEventTime(Instant.EPOCH)
                    .setValues(values)
                    .build());
        }
        return frames;
    }

    @Test
    void needsAsManyComponentsAsTheDataHasDirections() {
        PcaReference pca = PcaReference.of(rankTwo(400), 0, 400, 8);
        double[] mae = pca.maeByComponents();
        assertThat(mae).hasSize(9);
        assertThat(mae[0]).isGreaterThan(mae[1]);
        assertThat(mae[1]).isGreaterThan(1e-3);
        assertThat(mae[2]).isLessThan(1e-6);
        assertThat(pca.componentsFor(1e-5)).isEqualTo(2);
        assertThat(pca.componentsFor(mae[1])).isEqualTo(1);
        assertThat(pca.componentsFor(-1)).isEqualTo(9); // unreachable: one past the fitted components
        assertThat(pca.errorAt(0.5)).isCloseTo((mae[0] + mae[1]) / 2, within(1e-12));
        assertThat(pca.errorAt(100)).isEqualTo(mae[8]);
    }

    @Test
    void fitsOnTheFirstHalfOfTheRangeAndMeasuresTheSecond() {
        List<SensorFrame> frames = rankTwo(400);
        // a range whose second half is another stream's: the first half's fit cannot explain it
        List<SensorFrame> shifted = new ArrayList<>(frames.subList(0, 200));
        for (SensorFrame f : frames.subList(200, 400)) {
            List<Float> values = new ArrayList<>(f.getValues());
            values.set(11, values.get(11) + 0.2f);
            shifted.add(SensorFrame.newBuilder(f).setValues(values).build());
        }
        assertThat(PcaReference.of(shifted, 0, 400, 8).maeByComponents()[2]).isGreaterThan(0.01);
    }

    @Test
    void zstdOfAConstantStreamIsFarBelowItsRawSize() {
        List<SensorFrame> frames = new ArrayList<>();
        for (int f = 0; f < 200; f++) {
            frames.add(SensorFrame.newBuilder()
                    .setStreamId("s")
                    .setSeq(f)
                    .setEventTime(Instant.EPOCH)
                    .setValues(List.of(0.25f, 0.5f, 0.75f, 1f))
                    .build());
        }
        RawSize size = RawSize.of(frames);
        assertThat(size.float32BytesPerFrame()).isEqualTo(16);
        assertThat(size.zstd19BytesPerFrame()).isLessThan(1);
        assertThat(RawSize.of(rankTwo(200)).zstd19BytesPerFrame()).isGreaterThan(10);
    }
}
