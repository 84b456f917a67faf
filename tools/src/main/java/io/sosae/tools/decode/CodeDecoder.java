package io.sosae.tools.decode;

import io.sosae.model.codec.CodeCodec;
import io.sosae.model.codec.CodeEncoding;
import io.sosae.model.codec.EncodedCode;
import io.sosae.model.core.DecoderSlice;
import io.sosae.schemas.CompressedCode;
import io.sosae.schemas.DecoderSnapshot;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reconstructs frames from committed codes and the decoder snapshots of their model versions:
 * the receiving end of the pipeline. Snapshots are kept per (model key, version).
 */
public final class CodeDecoder {
    private record Key(String modelKey, long version) {}

    private final Map<Key, DecoderSlice> slices = new HashMap<>();

    /** Registers a snapshot; a later snapshot of the same version replaces the earlier one. */
    public void add(DecoderSnapshot s) {
        DecoderSlice slice = new DecoderSlice(
                s.getInputDim(),
                s.getCapacity(),
                s.getActiveLength(),
                s.getSliceWidth(),
                CodeCodec.bytesToFloats(bytes(s.getWeights())),
                CodeCodec.bytesToFloats(bytes(s.getBias())),
                s.getOutputSigmoid());
        slices.put(new Key(s.getModelKey(), s.getModelVersion()), slice);
    }

    public int snapshots() {
        return slices.size();
    }

    public Optional<DecoderSlice> slice(String modelKey, long version) {
        return Optional.ofNullable(slices.get(new Key(modelKey, version)));
    }

    /** The code's values, dequantised with the decoder slice of its version (RICE needs its steps). */
    private static float[] values(CompressedCode c, DecoderSlice slice) {
        return CodeCodec.decode(
                new EncodedCode(
                        CodeEncoding.valueOf(c.getEncoding().name()),
                        c.getLength(),
                        c.getScale(),
                        bytes(c.getPayload())),
                slice);
    }

    /**
     * The reconstructed frame.
     *
     * @throws IllegalStateException when no snapshot of the code's model version was added: a
     *     committed code without a committed snapshot breaks the pipeline's invariant
     */
    public float[] decode(CompressedCode c) {
        DecoderSlice slice = slices.get(new Key(c.getModelKey(), c.getModelVersion()));
        if (slice == null) {
            throw new IllegalStateException(
                    "no decoder snapshot for model " + c.getModelKey() + " version " + c.getModelVersion() + " (code "
                            + c.getStreamId() + "/" + c.getSeq() + "): read the decoders topic from the beginning");
        }
        if (slice.inputDim() != c.getInputDim()) {
            throw new IllegalStateException("snapshot of " + c.getModelKey() + " v" + c.getModelVersion() + " decodes "
                    + slice.inputDim() + " values but the code says " + c.getInputDim());
        }
        return slice.decode(values(c, slice));
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}
