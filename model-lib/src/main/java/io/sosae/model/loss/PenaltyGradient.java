package io.sosae.model.loss;

import ai.djl.ndarray.NDArray;

/**
 * A regulariser's gradient, split by where it enters the backward pass: with respect to the code
 * h [B, d] (flows back through the activation), to the pre-activation z [B, d] (added after it),
 * and directly to the encoder weight [n, d]. Absent parts are null.
 */
public record PenaltyGradient(NDArray code, NDArray preActivation, NDArray encoderWeight) {
    public static PenaltyGradient ofCode(NDArray dCode) {
        return new PenaltyGradient(dCode, null, null);
    }
}
