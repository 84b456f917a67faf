package io.sosae.model.stream;

import io.sosae.model.core.Method;
import java.util.Optional;

/**
 * A compression method that learns on one stream: what the keyed operator runs for every model
 * key, whatever the model is (SOSAE, a fixed-width autoencoder, streaming PCA, ...).
 *
 * <p>Life cycle: a compressor is made by a {@link CompressorFactory} (new, or restored from the
 * blob of its last {@link Promotion}); {@link #promotion()} describes the version it serves now,
 * which the caller publishes before the first code of that version; then, per micro-batch,
 * {@link #encode} codes the rows with the serving version and {@link #observe} learns from them,
 * returning a new serving version when one is promoted. Versions only grow, also across a
 * restore. Implementations are not thread-safe: one stream, one thread.
 *
 * <p>The codes of every implementation decode through the same linear decoder slice
 * ({@link io.sosae.model.core.DecoderSlice}: {@code y = act(W c + b)}), so receivers need no
 * knowledge of the method.
 */
public interface StreamCompressor extends AutoCloseable {

    /** The method stamped on this compressor's codes and snapshots. */
    Method method();

    /** Values per input row. */
    int inputDim();

    /** The longest code this compressor can emit. */
    int capacity();

    /** The serving version. */
    long version();

    /** Values per code of the serving version. */
    int servingLength();

    /** Rows learned from since the stream started (continues across restores). */
    long samplesSeen();

    /** Training steps undone because they diverged (0 for methods that cannot diverge). */
    long rollbacks();

    /** Codes of a row-major batch from the serving version, each {@link #servingLength()} long. */
    EncodedBatch encode(float[] batch, int rows);

    /**
     * Learns from a row-major batch (rows with NaN or infinite values are skipped).
     *
     * @return the new serving version when this call promoted one
     */
    Optional<Promotion> observe(float[] batch, int rows);

    /**
     * Floating-point operations this instance spent learning and encoding since it was created or
     * restored (an estimate from the model's shapes, see {@link io.sosae.model.core.Flops}; not kept
     * in the blob), or NaN for a method that does not count them.
     */
    default double flops() {
        return Double.NaN;
    }

    /**
     * Training work done as a share of what the method's full rate would have done since this
     * instance was created or restored (below 1 when a stable model trains on fewer records), or
     * NaN for a method that does not train in steps or has not started.
     */
    default double trainingShare() {
        return Double.NaN;
    }

    /** The serving version as a promotion record: decoder slice, lengths, losses and blob. */
    Promotion promotion();

    @Override
    void close();
}
