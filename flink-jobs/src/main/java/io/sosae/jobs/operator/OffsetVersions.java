package io.sosae.jobs.operator;

import io.sosae.model.core.Method;
import io.sosae.model.stream.EncodedBatch;
import io.sosae.model.stream.Promotion;
import io.sosae.model.stream.StreamCompressor;
import java.util.Optional;

/**
 * A compressor whose versions are shifted by a fixed offset: a model key whose state expired and
 * that comes back gets a new model, whose versions continue after the last one its key published
 * (consumers key decoders by model key and version, so a second version 1 would be ambiguous). The
 * blob stays the inner compressor's; the offset lives in its own keyed state.
 */
final class OffsetVersions implements StreamCompressor {

    private final StreamCompressor inner;
    private final long offset;

    private OffsetVersions(StreamCompressor inner, long offset) {
        this.inner = inner;
        this.offset = offset;
    }

    /** {@code inner} itself when there is no offset. */
    static StreamCompressor of(StreamCompressor inner, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("version offset must be >= 0, was " + offset);
        }
        return offset == 0 ? inner : new OffsetVersions(inner, offset);
    }

    @Override
    public Method method() {
        return inner.method();
    }

    @Override
    public int inputDim() {
        return inner.inputDim();
    }

    @Override
    public int capacity() {
        return inner.capacity();
    }

    @Override
    public long version() {
        return inner.version() + offset;
    }

    @Override
    public int servingLength() {
        return inner.servingLength();
    }

    @Override
    public long samplesSeen() {
        return inner.samplesSeen();
    }

    @Override
    public long rollbacks() {
        return inner.rollbacks();
    }

    @Override
    public EncodedBatch encode(float[] batch, int rows) {
        EncodedBatch b = inner.encode(batch, rows);
        return new EncodedBatch(b.modelVersion() + offset, b.length(), b.codes(), b.reconstructionErrors());
    }

    @Override
    public Optional<Promotion> observe(float[] batch, int rows) {
        return inner.observe(batch, rows).map(this::shift);
    }

    @Override
    public double flops() {
        return inner.flops();
    }

    @Override
    public double trainingShare() {
        return inner.trainingShare();
    }

    @Override
    public Promotion promotion() {
        return shift(inner.promotion());
    }

    private Promotion shift(Promotion p) {
        return new Promotion(
                p.modelVersion() + offset,
                p.activeLength(),
                p.emittedLength(),
                p.capacity(),
                p.decoder(),
                p.reconstructionLoss(),
                p.regularizerLoss(),
                p.samplesSeen(),
                p.rollbacks(),
                p.blob());
    }

    @Override
    public void close() {
        inner.close();
    }
}
