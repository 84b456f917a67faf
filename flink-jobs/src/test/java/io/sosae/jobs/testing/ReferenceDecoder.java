package io.sosae.jobs.testing;

import io.sosae.schemas.CompressedCode;
import io.sosae.schemas.DecoderSnapshot;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * An independent decoder written from the Avro records and schemas/README.md alone (no model-lib):
 * y = sigmoid(W[:, :length] code + b), W row-major [inputDim x sliceWidth] float32 LE.
 */
public final class ReferenceDecoder {

    private ReferenceDecoder() {}

    public static float[] codeValues(DecoderSnapshot s, CompressedCode code) {
        if (code.getEncoding() == io.sosae.schemas.CodeEncoding.RICE) {
            return rice(s, code);
        }
        ByteBuffer b = code.getPayload().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[code.getLength()];
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (code.getEncoding()) {
                case FLOAT32 -> b.getFloat();
                case FLOAT16 -> halfToFloat(b.getShort());
                case INT8 -> b.get() * code.getScale();
                case RICE -> throw new AssertionError();
            };
        }
        return v;
    }

    /**
     * RICE: unit j's step is scale * R / max(|w_j|, R / 1000), |w_j| the norm of weight column j, R
     * the root mean square of the first length columns' norms; the payload's bits, first bit = the
     * byte's highest, are k0 (4 bits) and per value a Rice code of u with k = floor(log2 m) (at most
     * 30), m starting at 2^k0: p ones ended by a zero then k bits (u = p * 2^k + bits), or 24 ones
     * then u in 32 bits; m becomes (m + u + 1) / 2 rounded down; u = 2q for q >= 0, -2q - 1 else.
     */
    private static float[] rice(DecoderSnapshot s, CompressedCode code) {
        int length = code.getLength();
        float[] w = floats(s.getWeights());
        int width = s.getSliceWidth();
        double[] norm = new double[length];
        double meanSquare = 0;
        for (int j = 0; j < length; j++) {
            for (int i = 0; i < s.getInputDim(); i++) {
                norm[j] += (double) w[i * width + j] * w[i * width + j];
            }
            meanSquare += norm[j] / length;
            norm[j] = Math.sqrt(norm[j]);
        }
        double rms = Math.sqrt(meanSquare);
        byte[] bytes = new byte[code.getPayload().remaining()];
        code.getPayload().duplicate().get(bytes);
        java.util.BitSet bits = new java.util.BitSet();
        for (int i = 0; i < bytes.length * 8; i++) {
            bits.set(i, ((bytes[i / 8] >> (7 - i % 8)) & 1) == 1);
        }
        float[] v = new float[length];
        if (length == 0) {
            return v;
        }
        int at = 0;
        long m = 0;
        for (int i = 0; i < 4; i++) {
            m = m * 2 + (bits.get(at++) ? 1 : 0);
        }
        m = 1L << m;
        for (int j = 0; j < length; j++) {
            int k = Math.min(30, 63 - Long.numberOfLeadingZeros(Math.max(1, m)));
            int ones = 0;
            while (ones < 24 && bits.get(at++)) {
                ones++;
            }
            long u = 0;
            int tail = ones < 24 ? k : 32;
            for (int i = 0; i < tail; i++) {
                u = u * 2 + (bits.get(at++) ? 1 : 0);
            }
            if (ones < 24) {
                u += (long) ones << k;
            }
            if (at > bytes.length * 8) {
                throw new AssertionError("RICE payload too short");
            }
            long q = u % 2 == 0 ? u / 2 : -(u + 1) / 2;
            double factor = rms > 0 ? rms / Math.max(norm[j], rms / 1000) : 1;
            v[j] = (float) (q * ((double) code.getScale() * factor));
            m = (m + u + 1) / 2;
        }
        return v;
    }

    /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
    public static float halfToFloat(short h) {
        int sign = (h >>> 15) & 1;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        float v;
        if (exp == 0) {
            v = mant * 0x1p-24f;
        } else if (exp == 31) {
            v = mant == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else {
            v = (1 + mant / 1024f) * (float) Math.pow(2, exp - 15);
        }
        return sign == 1 ? -v : v;
    }

    public static float[] floats(ByteBuffer bytes) {
        ByteBuffer b = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[b.remaining() / 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = b.getFloat();
        }
        return v;
    }

    public static float[] decode(DecoderSnapshot s, CompressedCode code) {
        if (code.getLength() > s.getSliceWidth()) {
            throw new AssertionError("code length " + code.getLength() + " > slice width " + s.getSliceWidth());
        }
        float[] w = floats(s.getWeights());
        float[] bias = floats(s.getBias());
        float[] c = codeValues(s, code);
        int n = s.getInputDim();
        int width = s.getSliceWidth();
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double sum = bias[i];
            for (int j = 0; j < c.length; j++) {
                sum += (double) w[i * width + j] * c[j];
            }
            y[i] = s.getOutputSigmoid() ? (float) (1 / (1 + Math.exp(-sum))) : (float) sum;
        }
        return y;
    }

    public static double meanAbsoluteError(float[] y, List<Float> x) {
        double e = 0;
        for (int i = 0; i < y.length; i++) {
            e += Math.abs(y[i] - x.get(i));
        }
        return e / y.length;
    }
}
