package io.sosae.model.stream;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.sosae.model.core.AutoencoderConfig;
import io.sosae.model.core.DecoderSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The PCA fallback ({@link StreamOptions#pcaFallback}) on a stream that a PCA codes better than a
 * sigmoid decoder can: a 4-dimensional linear subspace that fills most of [0, 1].
 */
@org.junit.jupiter.api.extension.ExtendWith(io.sosae.model.testing.SingleTorchThread.class)
class PcaFallbackTest {
    private static final int CHANNELS = 32;
    private static final int BATCH = 32;
    private static final int RECORDS = 6000;

    /** Frames 0.5 + sum_j z_j a_j + noise with z uniform in [-1, 1]: linear, wide, clipped to [0, 1]. */
    private static final class WideLinearStream {
        private final SplittableRandom random = new SplittableRandom(3);
        private final double[][] directions = new double[4][CHANNELS];

        WideLinearStream() {
            for (double[] a : directions) {
                for (int i = 0; i < CHANNELS; i++) {
                    a[i] = 0.22 * (random.nextDouble() * 2 - 1);
                }
            }
        }

        float[] batch(int rows) {
            float[] b = new float[rows * CHANNELS];
            for (int r = 0; r < rows; r++) {
                double[] z = new double[directions.length];
                for (int j = 0; j < z.length; j++) {
                    z[j] = random.nextDouble() * 2 - 1;
                }
                for (int i = 0; i < CHANNELS; i++) {
                    double v = 0.5 + 0.01 * random.nextGaussian();
                    for (int j = 0; j < z.length; j++) {
                        v += z[j] * directions[j][i];
                    }
                    b[r * CHANNELS + i] = (float) Math.min(1, Math.max(0, v));
                }
            }
            return b;
        }
    }

    private record Run(double settledError, int pcaVersions, double worstDecodeGap, List<Promotion> promotions) {}

    private static Run run(boolean fallback) {
        AutoencoderConfig config = LinearCodesTest.config(CHANNELS, CHANNELS);
        StreamOptions options = LinearCodesTest.options(500, true).withPcaFallback(fallback);
        WideLinearStream stream = new WideLinearStream();
        double error = 0;
        int counted = 0;
        int pcaVersions = 0;
        double worstGap = 0;
        List<Promotion> promotions = new ArrayList<>();
        try (StreamCompressor model = ContinualSosae.factory(config, options).create(Device.cpu())) {
            DecoderSlice decoder = model.promotion().decoder();
            for (int seen = 0; seen < RECORDS; seen += BATCH) {
                float[] x = stream.batch(BATCH);
                EncodedBatch codes = model.encode(x, BATCH);
                for (int r = 0; r < BATCH; r++) {
                    // what a consumer decodes from the code and the published decoder
                    float[] y = decoder.decode(codes.codes()[r]);
                    double mae = 0;
                    for (int i = 0; i < CHANNELS; i++) {
                        mae += Math.abs(y[i] - x[r * CHANNELS + i]) / CHANNELS;
                    }
                    worstGap = Math.max(worstGap, Math.abs(mae - codes.reconstructionErrors()[r]));
                    if (seen >= RECORDS / 2) {
                        error += mae;
                        counted++;
                    }
                }
                var promoted = model.observe(x, BATCH);
                if (promoted.isPresent()) {
                    decoder = promoted.get().decoder();
                    promotions.add(promoted.get());
                    if (!decoder.outputSigmoid()) {
                        pcaVersions++;
                    }
                }
            }
        }
        return new Run(error / counted, pcaVersions, worstGap, promotions);
    }

    @Test
    void versionsFallBackToPcaWhereItCodesBetterAndConsumersDecodeThem() {
        Run with = run(true);
        Run without = run(false);
        assertThat(without.pcaVersions()).isZero();
        assertThat(with.pcaVersions()).isPositive();
        assertThat(with.settledError()).isLessThan(0.9 * without.settledError());
        // the published decoder of every version, PCA or trained, reproduces the error the codes report
        assertThat(with.worstDecodeGap()).isLessThan(1e-4);
        assertThat(without.worstDecodeGap()).isLessThan(1e-4);
    }

    @Test
    void aRestoredPcaVersionDecodesAsBeforeAndTrainsThroughTheSigmoidAgain() {
        Run with = run(true);
        Promotion pca = with.promotions().stream()
                .filter(p -> !p.decoder().outputSigmoid())
                .reduce((a, b) -> b)
                .orElseThrow();
        AutoencoderConfig config = LinearCodesTest.config(CHANNELS, CHANNELS);
        StreamOptions options = LinearCodesTest.options(500, true).withPcaFallback(true);
        WideLinearStream stream = new WideLinearStream();
        try (StreamCompressor restored = ContinualSosae.factory(config, options).restore(pca.blob(), Device.cpu())) {
            DecoderSlice decoder = restored.promotion().decoder();
            assertThat(restored.promotion().modelVersion()).isEqualTo(pca.modelVersion());
            assertThat(decoder.outputSigmoid()).isFalse();
            assertThat(decoder.weights()).containsExactly(pca.decoder().weights());
            assertThat(decoder.bias()).containsExactly(pca.decoder().bias());
            Promotion next = null;
            while (next == null) {
                next = restored.observe(stream.batch(BATCH), BATCH).orElse(null);
            }
            // no challenger yet after a restore: the next version is the trained kind, a sigmoid model
            assertThat(next.decoder().outputSigmoid()).isTrue();
        }
    }
}
