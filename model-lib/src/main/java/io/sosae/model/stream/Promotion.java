package io.sosae.model.stream;

import io.sosae.model.core.DecoderSlice;

/**
 * A new serving version: what the stream must publish before any code of this version (the
 * decoder slice) and what it reports (length, losses), plus the blob to keep in state.
 */
public record Promotion(
        long modelVersion,
        int activeLength,
        int capacity,
        DecoderSlice decoder,
        double reconstructionLoss,
        double pushLoss,
        long samplesSeen,
        long rollbacks,
        byte[] blob) {}
