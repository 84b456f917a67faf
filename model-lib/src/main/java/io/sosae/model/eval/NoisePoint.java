package io.sosae.model.eval;

/** One point of the denoising sweep (paper Fig. 4): a method trained under one noise level. */
public record NoisePoint(String method, String noise, double level, long seed, int compressedLength, double accuracy) {}
