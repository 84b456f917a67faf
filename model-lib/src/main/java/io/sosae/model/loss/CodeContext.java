package io.sosae.model.loss;

import ai.djl.ndarray.NDArray;

/**
 * What a {@link Regularizer} may look at: the code after any latent transform, the encoder's
 * pre-activation, its weight [n, d] and the activation's slope; cached push weights.
 */
public interface CodeContext {
    /** The code h, shape [B, d]. */
    NDArray code();

    /** Encoder weight W, shape [n, d] (h = act(x W + b)). */
    NDArray encoderWeight();

    /** dh/dz for each sample and unit, shape [B, d]; shared by every caller, so read it, do not modify it. */
    NDArray activationDerivative();

    /** d2h/dz2 for each sample and unit, shape [B, d]. */
    NDArray activationSecondDerivative();

    /** Whether the activation's second derivative vanishes (ReLU, leaky ReLU, identity). */
    boolean piecewiseLinear();

    /** The push weights as a [d] array on the model's device. */
    NDArray pushWeights(Regularizer.Push push);
}
