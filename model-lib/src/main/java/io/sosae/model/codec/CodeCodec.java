package io.sosae.model.codec;

import io.sosae.model.core.DecoderSlice;
import io.sosae.model.core.FloatBytes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Encodes code vectors to bytes (little-endian) and back. The fixed-width encodings need nothing
 * but the values; {@link CodeEncoding#RICE} codes are packed by {@link CodePacker} and decode with
 * their version's decoder slice.
 */
public final class CodeCodec {
    private CodeCodec() {}

    public static EncodedCode encode(float[] values, CodeEncoding encoding) {
        requireFixedWidth(encoding);
        for (float v : values) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("codes must be finite; found " + v);
            }
        }
        ByteBuffer buf =
                ByteBuffer.allocate(values.length * encoding.bytesPerValue()).order(ByteOrder.LITTLE_ENDIAN);
        float scale = 1f;
        switch (encoding) {
            case FLOAT32 -> {
                for (float v : values) {
                    buf.putFloat(v);
                }
            }
            case FLOAT16 -> {
                for (float v : values) {
                    buf.putShort(Half.fromFloat(v));
                }
            }
            case RICE -> throw new AssertionError("checked above");
            case INT8 -> {
                float max = 0;
                for (float v : values) {
                    max = Math.max(max, Math.abs(v));
                }
                scale = max > 0 ? max / 127f : 1f;
                for (float v : values) {
                    buf.put((byte) Math.max(-127, Math.min(127, Math.round(v / scale))));
                }
            }
        }
        return new EncodedCode(encoding, values.length, scale, buf.array());
    }

    /** The values of a fixed-width code. */
    public static float[] decode(EncodedCode code) {
        requireFixedWidth(code.encoding());
        ByteBuffer buf = ByteBuffer.wrap(code.payload()).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[code.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (code.encoding()) {
                case FLOAT32 -> buf.getFloat();
                case FLOAT16 -> Half.toFloat(buf.getShort());
                case INT8 -> buf.get() * code.scale();
                case RICE -> throw new AssertionError("checked above");
            };
        }
        return out;
    }

    /** The values of a code of any encoding, from the decoder slice of its model version. */
    public static float[] decode(EncodedCode code, DecoderSlice slice) {
        if (code.encoding() != CodeEncoding.RICE) {
            return decode(code);
        }
        return CodePacker.dequantise(code, CodePacker.unitFactors(slice, code.length()));
    }

    private static void requireFixedWidth(CodeEncoding encoding) {
        if (!encoding.fixedWidth()) {
            throw new IllegalArgumentException(encoding
                    + " codes take their steps from the version's decoder slice: pack them with CodePacker and"
                    + " decode them with decode(code, slice)");
        }
    }

    /** Largest absolute error a round trip of {@code values} can introduce under an encoding. */
    public static float maxRoundTripError(float[] values, CodeEncoding encoding) {
        requireFixedWidth(encoding);
        float max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return switch (encoding) {
            case FLOAT32 -> 0f;
            case FLOAT16 -> Math.max(max * 0x1p-11f, 0x1p-24f);
            case INT8 -> max / 127f / 2f + Math.ulp(max);
            case RICE -> throw new AssertionError("checked above");
        };
    }

    /** Little-endian float32 bytes of an array (decoder weights in snapshots). */
    public static byte[] floatsToBytes(float[] values) {
        return FloatBytes.of(values);
    }

    public static float[] bytesToFloats(byte[] bytes) {
        return FloatBytes.floats(bytes);
    }
}
