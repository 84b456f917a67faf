package io.sosae.model.core;

import ai.djl.ndarray.NDArray;

/** Encoder activations. ReLU gives exact zeros in the code tail; sigmoid never reaches zero. */
public enum Activation {
    RELU,
    LEAKY_RELU,
    SIGMOID,
    TANH,
    IDENTITY;

    /** Slope of {@link #LEAKY_RELU} below zero ("A Peek Into Autoencoder Neural Networks" uses 0.01). */
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
            case LEAKY_RELU -> z.gt(0f)
                    .toType(z.getDataType(), false)
                    .mul(1f - LEAKY_SLOPE)
                    .add(LEAKY_SLOPE);
            case SIGMOID -> h.mul(h.neg().add(1f));
            case TANH -> h.square().neg().add(1f);
            case IDENTITY -> z.onesLike();
        };
    }

    /**
     * Second derivative d2h/dz2, for the contractive penalty's gradient through the slope; zero
     * (almost everywhere) for the piecewise-linear activations.
     */
    public NDArray secondDerivative(NDArray z, NDArray h) {
        return switch (this) {
            case RELU, LEAKY_RELU, IDENTITY -> z.zerosLike();
            case SIGMOID -> h.mul(h.neg().add(1f)).muli(h.mul(-2f).addi(1f)); // s' (1 - 2h)
            case TANH -> h.square().neg().addi(1f).muli(h.mul(-2f)); // -2h (1 - h^2)
        };
    }

    /** Whether {@link #secondDerivative} is zero everywhere it is defined. */
    public boolean piecewiseLinear() {
        return this == RELU || this == LEAKY_RELU || this == IDENTITY;
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
