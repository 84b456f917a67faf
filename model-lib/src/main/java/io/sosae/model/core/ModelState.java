package io.sosae.model.core;

import java.util.Objects;

/**
 * A plain-Java copy of everything an {@link Autoencoder} needs to continue exactly where it was:
 * configuration, weights, Adam moments and step count. Arrays are row-major float32.
 *
 * @param encoderWeight [inputDim x capacity]
 * @param encoderBias [capacity]
 * @param decoderWeight [capacity x inputDim] (row j is latent unit j's output direction)
 * @param decoderBias [inputDim]
 * @param adamFirst first moments, same order as the four parameters (may be empty for fresh)
 * @param adamSecond second moments
 * @param steps optimizer steps taken
 */
public record ModelState(
        AutoencoderConfig config,
        float[] encoderWeight,
        float[] encoderBias,
        float[] decoderWeight,
        float[] decoderBias,
        float[][] adamFirst,
        float[][] adamSecond,
        long steps) {

    public ModelState {
        Objects.requireNonNull(config, "config");
        int n = config.inputDim();
        int d = config.capacity();
        check("encoderWeight", encoderWeight, (long) n * d);
        check("encoderBias", encoderBias, d);
        check("decoderWeight", decoderWeight, (long) d * n);
        check("decoderBias", decoderBias, n);
        if (adamFirst.length != adamSecond.length || (adamFirst.length != 0 && adamFirst.length != 4)) {
            throw new IllegalArgumentException("Adam state must hold 0 or 4 moment pairs");
        }
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0");
        }
    }

    /** The four parameters in their fixed order: We, be, Wd, bd. */
    public float[][] parameters() {
        return new float[][] {encoderWeight, encoderBias, decoderWeight, decoderBias};
    }

    private static void check(String name, float[] a, long expected) {
        if (a == null || a.length != expected) {
            throw new IllegalArgumentException(
                    name + " must hold " + expected + " values, has " + (a == null ? "none" : a.length));
        }
    }
}
