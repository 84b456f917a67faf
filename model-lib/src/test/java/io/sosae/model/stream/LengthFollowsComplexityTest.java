package io.sosae.model.stream;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.sosae.model.core.Autoencoder;
import io.sosae.model.core.AutoencoderConfig;
import io.sosae.model.core.Method;
import io.sosae.model.core.ModelBlob;
import io.sosae.model.loss.Regularizer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The acceptance scenario of the streaming length (docs/streaming-length.md): a 64-channel stream
 * whose intrinsic dimension steps 4 -> 16 -> 6 (6000 records per phase, promotions every 500), fed
 * to a capacity-64 stream model with an error target. The reported active length must rise to at
 * least 12 within 3000 records of the step up (from below 12), be at most 12 at every promotion
 * from 3000 records after the step down on, keep the served error reasonable, and cutting codes to
 * L must not change the reconstruction.
 *
 * <p>The stream is a copy of the connectors' SensorStreamSimulator (model-lib cannot depend on
 * connectors): one fixed random network x = sigmoid(W2 tanh(W1 z + b1) + b2) + noise, where a
 * k-dimensional latent uses the first k inputs, so only the complexity changes, not the sensor.
 * About 10 s on one idle core (one torch thread).
 */
@org.junit.jupiter.api.extension.ExtendWith(io.sosae.model.testing.SingleTorchThread.class)
class LengthFollowsComplexityTest {
    private static final int CHANNELS = 64;
    private static final int PER_PHASE = 6000;
    private static final int[] SCHEDULE = {4, 16, 6};
    private static final int SETTLE = 3000;

    /** The simulator's stream: same embedding for every k, latent z_i ~ U(-sqrt(3/k), sqrt(3/k)). */
    static final class NestedStream {
        private final int hidden;
        private final double[][] w1;
        private final double[] b1;
        private final double[][] w2;
        private final double[] b2;
        private final SplittableRandom samples;

        NestedStream(long seed, int maxDim) {
            hidden = Math.max(32, 2 * maxDim);
            SplittableRandom e = new SplittableRandom(seed);
            w1 = gaussian(e, hidden, maxDim, 1.0);
            b1 = gaussian(e, 1, hidden, 0.1)[0];
            w2 = gaussian(e, CHANNELS, hidden, 2.0 / Math.sqrt(hidden));
            b2 = gaussian(e, 1, CHANNELS, 0.3)[0];
            samples = new SplittableRandom(seed ^ 0x5DEECE66DL);
        }

        void next(int k, float[] out, int offset) {
            double scale = Math.sqrt(3.0 / k);
            double[] z = new double[k];
            for (int i = 0; i < k; i++) {
                z[i] = scale * (2 * samples.nextDouble() - 1);
            }
            double[] h = new double[hidden];
            for (int j = 0; j < hidden; j++) {
                double u = b1[j];
                for (int i = 0; i < k; i++) {
                    u += w1[j][i] * z[i];
                }
                h[j] = Math.tanh(u);
            }
            for (int c = 0; c < CHANNELS; c++) {
                double v = b2[c];
                for (int j = 0; j < hidden; j++) {
                    v += w2[c][j] * h[j];
                }
                double x = 1 / (1 + Math.exp(-v)) + 0.01 * samples.nextGaussian();
                out[offset + c] = (float) Math.min(1, Math.max(0, x));
            }
        }

        private static double[][] gaussian(SplittableRandom r, int rows, int cols, double std) {
            double[][] m = new double[rows][cols];
            for (double[] row : m) {
                for (int c = 0; c < cols; c++) {
                    row[c] = std * r.nextGaussian();
                }
            }
            return m;
        }
    }

    /** The recommended stream settings (docs/streaming-length.md). */
    static AutoencoderConfig config() {
        return AutoencoderConfig.builder(CHANNELS, 64)
                .method(Method.SOSAE)
                .regularizer(new Regularizer.Push(3e-4, 0.05))
                .unitNormDecoder(true)
                .learningRate(3e-3)
                .seed(1)
                .build();
    }

    static StreamOptions options() {
        return new StreamOptions(64, 2, 2048, 500, 512, 0, 4, 1e-3, 17, 0, 0.035, 0.5, ErrorMeasure.MAE, 0, false);
    }

    record Point(int phase, int recordsIntoPhase, int length, double truncationChange, double fullError) {}

    @Test
    void activeLengthRisesAndFallsWithTheIntrinsicDimension() {
        NestedStream stream = new NestedStream(7, 16);
        List<Point> points = new ArrayList<>();
        double[] servedError = new double[SCHEDULE.length]; // mean served MAE, last 1000 records of each phase
        float[] recent = new float[512 * CHANNELS];
        int recentRows = 0;
        try (ContinualSosae s = ContinualSosae.create(config(), options(), Device.cpu())) {
            float[] batch = new float[16 * CHANNELS];
            for (int phase = 0; phase < SCHEDULE.length; phase++) {
                int served = 0;
                for (int n = 0; n < PER_PHASE; n += 16) {
                    for (int r = 0; r < 16; r++) {
                        stream.next(SCHEDULE[phase], batch, r * CHANNELS);
                        System.arraycopy(batch, r * CHANNELS, recent, (recentRows++ % 512) * CHANNELS, CHANNELS);
                    }
                    EncodedBatch codes = s.encode(batch, 16);
                    if (n >= PER_PHASE - 1000) {
                        for (float e : codes.reconstructionErrors()) {
                            servedError[phase] += e;
                            served++;
                        }
                    }
                    var p = s.observe(batch, 16);
                    if (p.isPresent()) {
                        double[] errors = truncation(p.get(), recent);
                        points.add(new Point(
                                phase, n + 16, p.get().activeLength(), Math.abs(errors[1] - errors[0]), errors[0]));
                    }
                }
                servedError[phase] /= served;
            }
        }
        StringBuilder trace = new StringBuilder();
        points.forEach(p ->
                trace.append(SCHEDULE[p.phase()]).append(':').append(p.length()).append(' '));
        int lastOfPhase1 = points.stream()
                .filter(p -> p.phase() == 0)
                .reduce((a, b) -> b)
                .orElseThrow()
                .length();
        assertThat(lastOfPhase1).as("L at the end of m=4: %s", trace).isLessThan(12);
        assertThat(points.stream()
                        .filter(p -> p.phase() == 1 && p.recordsIntoPhase() <= SETTLE)
                        .mapToInt(Point::length)
                        .max()
                        .orElse(0))
                .as("L within %d records of the step up to m=16: %s", SETTLE, trace)
                .isGreaterThanOrEqualTo(12);
        assertThat(points.stream()
                        .filter(p -> p.phase() == 2 && p.recordsIntoPhase() >= SETTLE)
                        .mapToInt(Point::length)
                        .max()
                        .orElse(99))
                .as("L from %d records after the step down to m=6: %s", SETTLE, trace)
                .isLessThanOrEqualTo(12);
        for (double e : servedError) {
            assertThat(e).as("served MAE at the end of a phase").isLessThan(0.05);
        }
        for (Point p : points) {
            assertThat(p.truncationChange())
                    .as("truncation to L changes the window MAE, at %s", p)
                    .isLessThanOrEqualTo(0.01 * p.fullError() + 1e-5);
        }
    }

    /** Window MAE of the promoted model with the full code and with codes cut to its L. */
    private static double[] truncation(Promotion p, float[] window) {
        try (Autoencoder m = Autoencoder.restore(ModelBlob.fromBytes(p.blob()).state(), Device.cpu());
                NDManager mg = m.newInputManager()) {
            NDArray x = m.upload(window, window.length / CHANNELS, mg);
            double full = x.sub(m.reconstruct(x, m.capacity(), mg)).abs().mean().getFloat();
            double cut =
                    x.sub(m.reconstruct(x, p.activeLength(), mg)).abs().mean().getFloat();
            return new double[] {full, cut};
        }
    }
}
