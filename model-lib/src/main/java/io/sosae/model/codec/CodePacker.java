package io.sosae.model.codec;

import io.sosae.model.core.DecoderSlice;

/**
 * Packs the codes of one model version the way receivers will decode them, and measures the error
 * of what they decode: the reconstruction from the packed code, not from the float code the model
 * produced. Bound to the version's decoder slice; one per serving version.
 *
 * <p>{@link CodeEncoding#RICE} chooses the quantisation per code from its error budget. If the
 * float code reconstructs its frame with mean absolute error e, and the residual is roughly
 * Gaussian (standard deviation e sqrt(pi/2)), uniform quantisation noise that raises the residual's
 * variance by a factor (1 + share)^2 raises the error by the share. Unit j's step is
 * {@code scale * f_j} with {@code f_j = R / |d_j|} ({@code |d_j|} the norm of its decoder column,
 * R their root mean square), so every unit adds the same error; the base step is
 * {@code scale = e sqrt(6 pi n (2 share + share^2) / sum_j |d_j|^2)}, divided by the root mean
 * square of the sigmoid's slope where the outputs pass through one. The scale travels in the code.
 */
public final class CodePacker {
    /** The smallest |d_j| relative to R that still sets a unit's step (else 1000 R-steps). */
    private static final double MIN_RELATIVE_NORM = 1e-3;
    /** Where the sigmoid is flat the estimate of its slope is floored (at most 20x larger steps). */
    private static final double MIN_SLOPE = 0.05;

    private final CodeEncoding encoding;
    private final double errorShare;
    private final DecoderSlice slice;
    private int factorsLength = -1;
    private double[] factors;
    private double sumSquaredNorms;

    /** A packed code and the mean absolute error of its frame reconstructed from it. */
    public record Packed(EncodedCode code, float error) {}

    private CodePacker(CodeEncoding encoding, double errorShare, DecoderSlice slice) {
        if (!(errorShare > 0) || errorShare > 1) {
            throw new IllegalArgumentException("the quantisation error share must lie in (0, 1], was " + errorShare);
        }
        this.encoding = encoding;
        this.errorShare = errorShare;
        this.slice = slice;
    }

    /**
     * @param errorShare for RICE, the share by which quantisation may raise a code's error
     *     (0.01: 1% more)
     */
    public static CodePacker of(CodeEncoding encoding, double errorShare, DecoderSlice slice) {
        return new CodePacker(encoding, errorShare, slice);
    }

    /**
     * Packs the code of row {@code row} of a row-major batch of frames.
     *
     * @param codeError the mean absolute error of the row reconstructed from the float code (sets
     *     the RICE step; a non-finite or zero error gives the finest step)
     */
    public Packed pack(float[] code, float[] batch, int row, float codeError) {
        EncodedCode packed = encoding == CodeEncoding.RICE ? rice(code, codeError) : CodeCodec.encode(code, encoding);
        float[] y = slice.decode(values(packed));
        int n = slice.inputDim();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.abs(y[i] - batch[row * n + i]);
        }
        return new Packed(packed, (float) (sum / n));
    }

    /** The values of a code packed for this version. */
    public float[] values(EncodedCode code) {
        return code.encoding() == CodeEncoding.RICE ? dequantise(code, factors(code.length())) : CodeCodec.decode(code);
    }

    private EncodedCode rice(float[] code, float codeError) {
        int length = code.length;
        double[] f = factors(length);
        double maxScaled = 0;
        for (int j = 0; j < length; j++) {
            maxScaled = Math.max(maxScaled, Math.abs(code[j]) / f[j]);
        }
        double step = Double.NaN;
        if (codeError > 0 && Float.isFinite(codeError) && sumSquaredNorms > 0) {
            double share = 2 * errorShare + errorShare * errorShare;
            step = codeError * Math.sqrt(6 * Math.PI * slice.inputDim() * share / sumSquaredNorms) / slope(code);
        }
        // At most 2^20 steps across the largest value: a perfect reconstruction must not ask for
        // unbounded precision.
        step = Math.max(Double.isFinite(step) ? step : 0, maxScaled * 0x1p-20);
        float scale = (float) (step > 0 ? Math.max(step, 1e-30) : 1);
        long[] u = new long[length];
        for (int j = 0; j < length; j++) {
            long q = Math.round(code[j] / ((double) scale * f[j]));
            q = Math.max(-RiceCoding.MAX_MAGNITUDE, Math.min(RiceCoding.MAX_MAGNITUDE, q));
            u[j] = RiceCoding.zigzag(q);
        }
        return new EncodedCode(CodeEncoding.RICE, length, scale, RiceCoding.encode(u));
    }

    /** Root mean square slope of the output activation at the float code's reconstruction. */
    private double slope(float[] code) {
        if (!slice.outputSigmoid()) {
            return 1;
        }
        float[] y = slice.decode(code);
        double sum = 0;
        for (float v : y) {
            double d = v * (1 - v);
            sum += d * d;
        }
        return Math.max(MIN_SLOPE, Math.sqrt(sum / y.length));
    }

    private double[] factors(int length) {
        if (length != factorsLength) {
            factors = unitFactors(slice, length);
            sumSquaredNorms = 0;
            for (int j = 0; j < length; j++) {
                sumSquaredNorms += squaredNorm(slice, j);
            }
            factorsLength = length;
        }
        return factors;
    }

    /** f_j = R / max(|d_j|, 1e-3 R) over the first {@code length} decoder columns (1 when all are 0). */
    static double[] unitFactors(DecoderSlice slice, int length) {
        if (length > slice.width()) {
            throw new IllegalArgumentException(
                    "code of length " + length + " is longer than its decoder slice (" + slice.width() + ")");
        }
        double[] norms = new double[length];
        double mean = 0;
        for (int j = 0; j < length; j++) {
            norms[j] = Math.sqrt(squaredNorm(slice, j));
            mean += norms[j] * norms[j] / length;
        }
        double rms = Math.sqrt(mean);
        double[] f = new double[length];
        for (int j = 0; j < length; j++) {
            f[j] = rms > 0 ? rms / Math.max(norms[j], MIN_RELATIVE_NORM * rms) : 1;
        }
        return f;
    }

    static float[] dequantise(EncodedCode code, double[] factors) {
        long[] u = RiceCoding.decode(code.payload(), code.length());
        float[] v = new float[u.length];
        for (int j = 0; j < u.length; j++) {
            v[j] = (float) (RiceCoding.unzigzag(u[j]) * ((double) code.scale() * factors[j]));
        }
        return v;
    }

    private static double squaredNorm(DecoderSlice slice, int column) {
        double sum = 0;
        float[] w = slice.weights();
        for (int i = 0; i < slice.inputDim(); i++) {
            double v = w[i * slice.width() + column];
            sum += v * v;
        }
        return sum;
    }
}
