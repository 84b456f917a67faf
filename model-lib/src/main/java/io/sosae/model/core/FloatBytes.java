package io.sosae.model.core;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Float arrays as little-endian float32 bytes (model blobs, decoder snapshots) and back. */
public final class FloatBytes {
    private FloatBytes() {}

    public static byte[] of(float[] values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        return buf.array();
    }

    public static float[] floats(byte[] bytes) {
        if (bytes.length % 4 != 0) {
            throw new IllegalArgumentException("float32 data must be a multiple of 4 bytes, was " + bytes.length);
        }
        float[] out = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }
}
