package io.sosae.model.core;

import ai.djl.ndarray.NDArray;

/**
 * Reconstruction losses, each the mean over the batch and over the output elements. The SOSAE
 * paper uses the absolute error |x - g(f(x~))| ({@link #MAE}).
 */
public enum ReconstructionLoss {
    MAE,
    MSE,
    /** Binary cross-entropy; expects outputs in (0,1), i.e. a sigmoid decoder. */
    BCE;

    public NDArray compute(NDArray target, NDArray output) {
        return switch (this) {
            case MAE -> target.sub(output).abs().mean();
            case MSE -> target.sub(output).square().mean();
            case BCE -> {
                NDArray p = output.clip(1e-7f, 1f - 1e-7f);
                yield target.mul(p.log()).add(target.neg().add(1f).mul(p.neg().add(1f).log())).mean().neg();
            }
        };
    }
}
