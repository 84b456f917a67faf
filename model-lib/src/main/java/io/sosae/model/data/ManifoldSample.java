package io.sosae.model.data;

import java.util.Arrays;

/**
 * Points of a {@link SyntheticManifold} with the latent coordinates they came from.
 *
 * @param data      the embedded points
 * @param latentDim coordinates per latent point (the intrinsic dimension m)
 * @param latents   size x m latent coordinates, row-major
 */
public record ManifoldSample(Dataset data, int latentDim, double[] latents) {

    public ManifoldSample {
        latents = latents.clone();
        if ((long) data.size() * latentDim != latents.length) {
            throw new IllegalArgumentException(data.size() + " points need " + (long) data.size() * latentDim
                    + " latent values, got " + latents.length);
        }
    }

    @Override
    public double[] latents() {
        return latents.clone();
    }

    /** Latent coordinates of one point. */
    public double[] latent(int sample) {
        return Arrays.copyOfRange(latents, sample * latentDim, (sample + 1) * latentDim);
    }
}
