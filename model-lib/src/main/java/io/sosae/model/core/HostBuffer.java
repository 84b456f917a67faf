package io.sosae.model.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.sun.jna.Memory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Host memory for moving float arrays into the engine, freed when its owner says so rather than
 * when the garbage collector gets to it. {@code NDManager.create(float[])} allocates a fresh Java
 * direct buffer per call, and on the CPU the engine's array aliases it until a collection frees
 * it: a hot loop, or a thousand models made and closed in turn, grows resident memory by
 * gigabytes between collections.
 *
 * <p>{@link #upload} reuses one block (grown when needed); on the CPU its array aliases the
 * block, so close it (or its manager) before the next upload through the same buffer and before
 * {@link #close}. {@link #copyIn} returns an array the engine owns, for arrays that live long
 * (parameters, optimiser moments). Not thread-safe.
 */
public final class HostBuffer implements AutoCloseable {
    private Memory block; // null before the first upload and after close
    private boolean closed;

    /** An array that aliases this buffer on the CPU (a copy on a GPU): see the class comment. */
    public NDArray upload(float[] data, Shape shape, NDManager manager) {
        int bytes = Math.toIntExact(shape.size() * Float.BYTES);
        if (data.length * (long) Float.BYTES < bytes) {
            throw new IllegalArgumentException(
                    "shape " + shape + " needs " + shape.size() + " values, got " + data.length);
        }
        ByteBuffer view = reserve(bytes);
        view.asFloatBuffer().put(data, 0, bytes / Float.BYTES);
        return manager.create(view, shape, DataType.FLOAT32);
    }

    /**
     * {@code data} as an array in engine-owned memory attached to {@code manager}: nothing of it
     * stays in this buffer, so it may outlive the next upload and this buffer.
     */
    public NDArray copyIn(float[] data, Shape shape, NDManager manager) {
        try (NDArray view = upload(data, shape, manager)) {
            return view.duplicate();
        }
    }

    private ByteBuffer reserve(int bytes) {
        if (closed) {
            throw new IllegalStateException("host buffer used after close");
        }
        if (block == null || block.size() < bytes) {
            long size = Math.max(Math.max(bytes, 64), block == null ? 0 : block.size() * 2);
            free(); // the contract: no array aliases the old block any more
            block = new Memory(size);
        }
        return block.getByteBuffer(0, bytes).order(ByteOrder.nativeOrder());
    }

    private void free() {
        if (block != null) {
            block.close();
            block = null;
        }
    }

    /** Frees the block now; arrays from {@link #upload} must be closed already. */
    @Override
    public void close() {
        free();
        closed = true;
    }
}
