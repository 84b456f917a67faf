package io.sosae.connectors.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sosae.schemas.SensorFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class SensorStreamSimulatorTest {

    @Test
    void sameSeedSameFramesOtherSeedOtherFrames() {
        List<SensorFrame> a = take(
                SensorStreamSimulator.builder().seed(7).schedule("3:50,5:50").build(), 100);
        List<SensorFrame> b = take(
                SensorStreamSimulator.builder().seed(7).schedule("3:50,5:50").build(), 100);
        List<SensorFrame> c = take(
                SensorStreamSimulator.builder().seed(8).schedule("3:50,5:50").build(), 100);

        assertThat(a).isEqualTo(b);
        assertThat(a.get(0).getValues()).isNotEqualTo(c.get(0).getValues());
    }

    @Test
    void followsTheScheduleAndExposesTheTrueDimension() {
        SensorStreamSimulator sim =
                SensorStreamSimulator.builder().schedule("4:20,16:10,6:5").build();
        List<Integer> dims = new ArrayList<>();
        while (sim.hasNext()) {
            SimulatedFrame f = sim.next();
            dims.add(f.latentDimension());
            assertThat(f.frame().getLabel()).isEqualTo(f.latentDimension());
            assertThat(sim.latentDimensionAt(f.frame().getSeq())).isEqualTo(f.latentDimension());
        }

        assertThat(dims).hasSize(35);
        assertThat(dims.subList(0, 20)).containsOnly(4);
        assertThat(dims.subList(20, 30)).containsOnly(16);
        assertThat(dims.subList(30, 35)).containsOnly(6);
        assertThatThrownBy(sim::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void framesHaveTheConfiguredShapeValuesInUnitRangeAndSpacedTimes() {
        SensorStreamSimulator sim = SensorStreamSimulator.builder()
                .channels(64)
                .channelNames(true)
                .schedule("4:100")
                .streamId("s1")
                .build();
        List<SensorFrame> frames = take(sim, 100);

        for (int i = 0; i < frames.size(); i++) {
            SensorFrame f = frames.get(i);
            assertThat(f.getStreamId()).isEqualTo("s1");
            assertThat(f.getSeq()).isEqualTo(i);
            assertThat(f.getValues()).hasSize(64).allSatisfy(v -> assertThat(v).isBetween(0f, 1f));
            assertThat(f.getChannelNames()).hasSize(64);
        }
        assertThat(frames.get(1).getEventTime().toEpochMilli()
                        - frames.get(0).getEventTime().toEpochMilli())
                .isEqualTo(10);
        double spread = frames.stream()
                        .mapToDouble(f -> f.getValues().get(0))
                        .max()
                        .orElseThrow()
                - frames.stream().mapToDouble(f -> f.getValues().get(0)).min().orElseThrow();
        assertThat(spread).as("channels actually vary").isGreaterThan(0.05);
    }

    @Test
    void cyclingNeverEnds() {
        SensorStreamSimulator sim =
                SensorStreamSimulator.builder().schedule("2:3").cycle(true).build();

        List<SensorFrame> frames = take(sim, 10);

        assertThat(frames).hasSize(10);
        assertThat(sim.hasNext()).isTrue();
    }

    /**
     * The complexity of the data follows the schedule: the number of principal components needed
     * for 99% of the variance grows with the latent dimension.
     */
    @Test
    void linearComplexityGrowsWithTheLatentDimension() {
        SensorStreamSimulator sim = SensorStreamSimulator.builder()
                .seed(3)
                .schedule("4:2000,16:2000,6:2000")
                .build();
        int pcs4 = componentsFor99Percent(take(sim, 2000));
        int pcs16 = componentsFor99Percent(take(sim, 2000));
        int pcs6 = componentsFor99Percent(take(sim, 2000));

        assertThat(pcs4).isGreaterThanOrEqualTo(4).isLessThan(pcs6);
        assertThat(pcs6).isLessThan(pcs16);
    }

    private static List<SensorFrame> take(SensorStreamSimulator sim, int n) {
        List<SensorFrame> frames = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            frames.add(sim.next().frame());
        }
        return frames;
    }

    private static int componentsFor99Percent(List<SensorFrame> frames) {
        int d = frames.get(0).getValues().size();
        double[] mean = new double[d];
        for (SensorFrame f : frames) {
            for (int i = 0; i < d; i++) {
                mean[i] += f.getValues().get(i) / frames.size();
            }
        }
        double[][] cov = new double[d][d];
        for (SensorFrame f : frames) {
            for (int i = 0; i < d; i++) {
                double xi = f.getValues().get(i) - mean[i];
                for (int j = 0; j < d; j++) {
                    cov[i][j] += xi * (f.getValues().get(j) - mean[j]) / frames.size();
                }
            }
        }
        double[] eig = jacobiEigenvalues(cov);
        java.util.Arrays.sort(eig);
        double total = java.util.Arrays.stream(eig).sum();
        double acc = 0;
        for (int k = 0; k < d; k++) {
            acc += eig[d - 1 - k];
            if (acc >= 0.99 * total) {
                return k + 1;
            }
        }
        return d;
    }

    /** Eigenvalues of a symmetric matrix by cyclic Jacobi rotations (fine for 64 x 64). */
    private static double[] jacobiEigenvalues(double[][] input) {
        int n = input.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = input[i].clone();
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += a[p][q] * a[p][q];
                }
            }
            if (off < 1e-22) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (Math.abs(a[p][q]) < 1e-30) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                }
            }
        }
        double[] eig = new double[n];
        for (int i = 0; i < n; i++) {
            eig[i] = a[i][i];
        }
        return eig;
    }
}
