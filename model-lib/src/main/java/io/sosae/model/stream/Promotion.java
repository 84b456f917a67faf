package io.sosae.model.stream;

import io.sosae.model.core.DecoderSlice;

/**
 * A serving version: what the stream must publish before any code of this version (the decoder
 * slice) and what it reports (lengths, losses), plus the blob to keep in state.
 *
 * @param activeLength leading units that carry the code's information (measured; for a
 *     fixed-width method it can be shorter than what is emitted)
 * @param emittedLength values per code of this version
 * @param regularizerLoss the method's penalty term (the push loss for SOSAE; 0 for methods
 *     without one)
 */
public record Promotion(
        long modelVersion,
        int activeLength,
        int emittedLength,
        int capacity,
        DecoderSlice decoder,
        double reconstructionLoss,
        double regularizerLoss,
        long samplesSeen,
        long rollbacks,
        byte[] blob) {}
