package io.sosae.jobs.testing;

import io.sosae.schemas.CompressedCode;
import io.sosae.schemas.DecoderSnapshot;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * An independent decoder written from the Avro records alone (no model-lib):
 * y = sigmoid(W[:, :length] code + b), W row-major [inputDim x sliceWidth] float32 LE.
 */
public final class ReferenceDecoder {

    private ReferenceDecoder() {}

    public static float[] codeValues(CompressedCode code) {
        ByteBuffer b = code.getPayload().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[code.getLength()];
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (code.getEncoding()) {
                case FLOAT32 -> b.getFloat();
                case FLOAT16 -> halfToFloat(b.getShort());
                case INT8 -> b.get() * code.getScale();
            };
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
        float[] c = codeValues(code);
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
