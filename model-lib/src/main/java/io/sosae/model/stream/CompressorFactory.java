package io.sosae.model.stream;

import ai.djl.Device;
import io.sosae.model.core.Method;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Makes the compressors of one method: new ones for new streams, restored ones after a failure. */
public interface CompressorFactory {

    /** The method of every compressor this factory makes. */
    Method method();

    /** A new stream's compressor at version 1. */
    StreamCompressor create(Device device);

    /**
     * Continues from the blob of a {@link Promotion} written by a compressor of the same method.
     *
     * @throws IllegalArgumentException when the blob was written by another method or format
     */
    StreamCompressor restore(byte[] blob, Device device);

    /**
     * This factory, making compressors whose training steps run with other compressors' in {@code
     * joint} where the method can (the SOSAE family's); the others ignore it.
     */
    default CompressorFactory trainingIn(JointTraining joint) {
        return this;
    }

    /** A factory from its two operations. */
    static CompressorFactory of(
            Method method,
            Function<Device, StreamCompressor> create,
            BiFunction<byte[], Device, StreamCompressor> restore) {
        return new CompressorFactory() {
            @Override
            public Method method() {
                return method;
            }

            @Override
            public StreamCompressor create(Device device) {
                return create.apply(device);
            }

            @Override
            public StreamCompressor restore(byte[] blob, Device device) {
                return restore.apply(blob, device);
            }
        };
    }
}
