package io.sosae.model.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One reusable direct buffer for moving float batches into the engine. {@code
 * NDManager.create(float[])} allocates a fresh direct buffer per call that is freed only when the
 * garbage collector runs, so a hot loop grows resident memory by gigabytes between collections;
 * this buffer is allocated once and grown when needed.
 *
 * <p>On the CPU the array returned by {@link #upload} aliases the buffer: close it (or its
 * manager) before the next upload through the same HostBuffer. Not thread-safe.
 */
public final class HostBuffer {
    private ByteBuffer buffer = ByteBuffer.allocateDirect(0);

    public NDArray upload(float[] data, Shape shape, NDManager manager) {
        int bytes = Math.toIntExact(shape.size() * Float.BYTES);
        if (data.length * (long) Float.BYTES < bytes) {
            throw new IllegalArgumentException(
                    "shape " + shape + " needs " + shape.size() + " values, got " + data.length);
        }
        if (buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocateDirect(Math.max(bytes, buffer.capacity() * 2))
                    .order(ByteOrder.nativeOrder());
        }
        ByteBuffer view = buffer.slice(0, bytes).order(ByteOrder.nativeOrder());
        view.asFloatBuffer().put(data, 0, bytes / Float.BYTES);
        return manager.create(view, shape, DataType.FLOAT32);
    }
}
