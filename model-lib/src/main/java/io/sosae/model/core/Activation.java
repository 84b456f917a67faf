package io.sosae.model.core;

import ai.djl.ndarray.NDArray;

/** Encoder activations. ReLU gives exact zeros in the code tail; sigmoid never reaches zero. */
public enum Activation {
    RELU,
    LEAKY_RELU,
    SIGMOID,
    TANH,
    IDENTITY;

    /** Slope of {@link #LEAKY_RELU} below zero (seed 001 uses 0.01). */
    public static final float LEAKY_SLOPE = 0.01f;

    public NDArray apply(NDArray z) {
        return switch (this) {
            case RELU -> z.maximum(0f);
            case LEAKY_RELU -> z.maximum(z.mul(LEAKY_SLOPE));
            case SIGMOID -> z.getNDArrayInternal().sigmoid();
            case TANH -> z.tanh();
            case IDENTITY -> z;
        };
    }

    /**
     * Derivative dh/dz, given the pre-activation z and the activation h. Used by the contractive
     * penalty, whose Jacobian row for unit j is h'(z_j) * W_j.
     */
    public NDArray derivative(NDArray z, NDArray h) {
        return switch (this) {
            case RELU -> z.gt(0f).toType(z.getDataType(), false);
            case LEAKY_RELU -> z.gt(0f).toType(z.getDataType(), false).mul(1f - LEAKY_SLOPE).add(LEAKY_SLOPE);
            case SIGMOID -> h.mul(h.neg().add(1f));
            case TANH -> h.square().neg().add(1f);
            case IDENTITY -> z.onesLike();
        };
    }

    /** Plain-Java value of the activation, for decoders that run without an engine. */
    public float apply(float z) {
        return switch (this) {
            case RELU -> Math.max(0f, z);
            case LEAKY_RELU -> z > 0 ? z : LEAKY_SLOPE * z;
            case SIGMOID -> (float) (1.0 / (1.0 + Math.exp(-z)));
            case TANH -> (float) Math.tanh(z);
            case IDENTITY -> z;
        };
    }
}
