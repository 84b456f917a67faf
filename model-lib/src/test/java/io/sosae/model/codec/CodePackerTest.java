package io.sosae.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sosae.model.core.DecoderSlice;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CodePackerTest {
    static final int N = 64;
    static final int L = 8;

    /** Columns with norms {@code norms}, random directions; bias 0.5. */
    static DecoderSlice slice(double[] norms, boolean sigmoid, SplittableRandom r) {
        int width = norms.length;
        float[] w = new float[N * width];
        for (int j = 0; j < width; j++) {
            double[] col = new double[N];
            double sum = 0;
            for (int i = 0; i < N; i++) {
                col[i] = r.nextGaussian();
                sum += col[i] * col[i];
            }
            for (int i = 0; i < N; i++) {
                w[i * width + j] = (float) (col[i] / Math.sqrt(sum) * norms[j]);
            }
        }
        float[] bias = new float[N];
        java.util.Arrays.fill(bias, sigmoid ? 0f : 0.5f);
        return new DecoderSlice(N, width, width, width, w, bias, sigmoid);
    }

    /** Codes with falling spread, frames = their reconstruction plus noise: the float codes' error. */
    record Stream(float[][] codes, float[] frames, float[] errors) {}

    static Stream stream(DecoderSlice slice, int rows, double noise, SplittableRandom r) {
        float[][] codes = new float[rows][L];
        float[] frames = new float[rows * N];
        float[] errors = new float[rows];
        for (int row = 0; row < rows; row++) {
            for (int j = 0; j < L; j++) {
                codes[row][j] = (float) (r.nextGaussian() * 2.0 / (1 + j) / Math.sqrt(squared(slice, j)));
            }
            float[] y = slice.decode(codes[row]);
            double sum = 0;
            for (int i = 0; i < N; i++) {
                double e = r.nextGaussian() * noise;
                frames[row * N + i] = (float) (y[i] + e);
                sum += Math.abs(e);
            }
            errors[row] = (float) (sum / N);
        }
        return new Stream(codes, frames, errors);
    }

    /** How packing a whole stream went: its error's relative rise and the payload bytes a code. */
    record Packing(double raisedError, double bytesPerCode) {}

    static Packing packAll(CodePacker packer, Stream s) {
        double floatError = 0;
        double packedError = 0;
        long bytes = 0;
        for (int row = 0; row < s.codes().length; row++) {
            CodePacker.Packed p = packer.pack(s.codes()[row], s.frames(), row, s.errors()[row]);
            floatError += s.errors()[row];
            packedError += p.error();
            bytes += p.code().payload().length;
        }
        return new Packing(packedError / floatError - 1, (double) bytes / s.codes().length);
    }

    static double squared(DecoderSlice s, int j) {
        double sum = 0;
        for (int i = 0; i < N; i++) {
            sum += s.weights()[i * s.width() + j] * s.weights()[i * s.width() + j];
        }
        return sum;
    }

    @Test
    void quantisationRaisesTheErrorByAboutItsShareInAThirdOfHalfPrecisionsBytes() {
        SplittableRandom r = new SplittableRandom(1);
        DecoderSlice slice = slice(new double[] {1, 1, 1, 1, 1, 1, 1, 1}, false, r);
        Stream s = stream(slice, 2000, 0.03, r);
        for (double share : new double[] {0.02, 0.1}) {
            Packing packed = packAll(CodePacker.of(CodeEncoding.RICE, share, slice), s);

            assertThat(packed.raisedError()).as("share %s", share).isBetween(0.4 * share, 1.6 * share);
            assertThat(packed.bytesPerCode()).as("share %s", share).isLessThan(0.5 * 2 * L);
        }
    }

    @Test
    void everyUnitAddsTheSameErrorWhateverItsColumnNorm() {
        SplittableRandom r = new SplittableRandom(2);
        double[] norms = {4, 2, 1, 0.5, 0.25, 1, 3, 0.1};
        DecoderSlice slice = slice(norms, false, r);
        double[] f = CodePacker.unitFactors(slice, L);
        for (int j = 0; j < L; j++) {
            assertThat(f[j] * norms[j]).as("unit %d", j).isCloseTo(f[0] * norms[0], within(1e-5 * f[0] * norms[0]));
        }

        Stream s = stream(slice, 50, 0.03, r);
        CodePacker packer = CodePacker.of(CodeEncoding.RICE, 0.02, slice);
        for (int row = 0; row < 50; row++) {
            EncodedCode c = packer.pack(s.codes()[row], s.frames(), row, s.errors()[row])
                    .code();
            float[] back = CodeCodec.decode(c, slice);
            for (int j = 0; j < L; j++) {
                double step = c.scale() * f[j];
                assertThat((double) Math.abs(back[j] - s.codes()[row][j])).isLessThanOrEqualTo(step / 2 * (1 + 1e-5));
            }
        }
    }

    @Test
    void throughASigmoidTheErrorStillRisesByAboutItsShare() {
        SplittableRandom r = new SplittableRandom(3);
        DecoderSlice slice = slice(new double[] {6, 6, 6, 6, 6, 6, 6, 6}, true, r);
        Stream s = stream(slice, 1000, 0.03, r);
        Packing packed = packAll(CodePacker.of(CodeEncoding.RICE, 0.05, slice), s);

        assertThat(packed.raisedError()).isBetween(0.01, 0.08);
    }

    @Test
    void theErrorReportedIsTheErrorOfWhatAReceiverDecodes() {
        SplittableRandom r = new SplittableRandom(4);
        DecoderSlice slice = slice(new double[] {1, 1, 1, 1, 1, 1, 1, 1}, false, r);
        Stream s = stream(slice, 20, 0.03, r);
        for (CodeEncoding encoding : CodeEncoding.values()) {
            CodePacker packer = CodePacker.of(encoding, 0.02, slice);
            for (int row = 0; row < 20; row++) {
                CodePacker.Packed p = packer.pack(s.codes()[row], s.frames(), row, s.errors()[row]);
                float[] y = slice.decode(CodeCodec.decode(p.code(), slice));
                double sum = 0;
                for (int i = 0; i < N; i++) {
                    sum += Math.abs(y[i] - s.frames()[row * N + i]);
                }
                assertThat((double) p.error()).as("%s", encoding).isCloseTo(sum / N, within(1e-6));
            }
        }
    }

    @Test
    void aPerfectReconstructionAndAnEmptyCodeStayFinite() {
        SplittableRandom r = new SplittableRandom(5);
        DecoderSlice slice = slice(new double[] {1, 1, 1, 1, 1, 1, 1, 1}, false, r);
        Stream s = stream(slice, 1, 0, r);
        CodePacker packer = CodePacker.of(CodeEncoding.RICE, 0.02, slice);

        CodePacker.Packed exact = packer.pack(s.codes()[0], s.frames(), 0, 0f);
        assertThat(exact.error()).isLessThan(1e-5f);
        assertThat(exact.code().payload().length).isLessThanOrEqualTo(4 * L); // 2^20 steps at most

        CodePacker.Packed empty = packer.pack(new float[0], s.frames(), 0, 0.1f);
        assertThat(empty.code().payload()).isEmpty();
        assertThat(CodeCodec.decode(empty.code(), slice)).isEmpty();
    }
}
