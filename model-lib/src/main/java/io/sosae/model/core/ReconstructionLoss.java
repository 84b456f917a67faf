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

    /**
     * The loss's gradient with respect to the decoder's pre-activation (the logits when {@code
     * sigmoidOutput}, else the output itself), for a batch whose output is {@code output}.
     * BCE through a sigmoid folds into (y - x) / count, which stays exact where y saturates.
     */
    public NDArray logitGradient(NDArray target, NDArray output, boolean sigmoidOutput) {
        float scale = 1f / output.size();
        NDArray diff = output.sub(target);
        NDArray dOutput = switch (this) {
            case MAE -> diff.signi();
            case MSE -> diff.muli(2f);
            case BCE -> {
                if (!sigmoidOutput) {
                    throw new IllegalStateException("BCE reconstruction needs a sigmoid output");
                }
                yield diff;
            }
        };
        if (sigmoidOutput && this != BCE) {
            dOutput.muli(output.sub(output.square())); // sigmoid' = y (1 - y)
        }
        return dOutput.muli(scale);
    }
}
