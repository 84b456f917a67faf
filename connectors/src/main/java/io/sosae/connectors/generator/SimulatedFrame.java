package io.sosae.connectors.generator;

import io.sosae.schemas.SensorFrame;

/** A generated frame and the true latent dimension it was drawn from. */
public record SimulatedFrame(SensorFrame frame, int latentDimension) {}
