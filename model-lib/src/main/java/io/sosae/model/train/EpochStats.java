package io.sosae.model.train;

/**
 * What one epoch did: mean losses over its steps, the active length and used units measured on a
 * window of training codes at its end, wall time and samples/s.
 */
public record EpochStats(
        int epoch,
        int epochs,
        double loss,
        double reconstruction,
        double penalty,
        int activeLength,
        int activeUnits,
        double seconds,
        double samplesPerSecond) {}
