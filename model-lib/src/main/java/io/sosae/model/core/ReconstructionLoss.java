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

    /**
     * The loss's value and its gradient with respect to the decoder's pre-activation (the logits
     * when the decoder ends in a sigmoid, else the output itself).
     */
    public record Evaluation(double value, NDArray logitGradient) {}

    /**
     * Value and gradient for a batch whose output is {@code output}, from one difference y - x.
     * BCE through a sigmoid folds into (y - x) / count, which stays exact where y saturates.
     */
    public Evaluation evaluate(NDArray target, NDArray output, boolean sigmoidOutput) {
        NDArray diff = output.sub(target);
        double value = elementLosses(target, output, diff, sigmoidOutput).mean().getFloat();
        // the value is taken: diff may now be overwritten in place
        return new Evaluation(value, logitGradient(diff, output, sigmoidOutput, 1f / output.size()));
    }

    /** The loss of every element (the value is their mean), from the difference {@code diff} = y - x. */
    NDArray elementLosses(NDArray target, NDArray output, NDArray diff, boolean sigmoidOutput) {
        return switch (this) {
            case MAE -> diff.abs();
            case MSE -> diff.square();
            case BCE -> {
                if (!sigmoidOutput) {
                    throw new IllegalStateException("BCE reconstruction needs a sigmoid output");
                }
                NDArray p = output.clip(1e-7f, 1f - 1e-7f);
                yield target.mul(p.log())
                        .add(target.neg().add(1f).mul(p.neg().add(1f).log()))
                        .neg();
            }
        };
    }

    /**
     * The gradient of the mean loss with respect to the decoder's pre-activation, each element's
     * weight in the mean being {@code scale}; it overwrites {@code diff}.
     */
    NDArray logitGradient(NDArray diff, NDArray output, boolean sigmoidOutput, float scale) {
        NDArray gradient =
                switch (this) {
                    case MAE -> diff.signi();
                    case MSE -> diff.muli(2f);
                    case BCE -> diff;
                };
        if (sigmoidOutput && this != BCE) {
            gradient.muli(output.sub(output.square())); // sigmoid' = y (1 - y)
        }
        return gradient.muli(scale);
    }
}
