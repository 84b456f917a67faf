package io.sosae.model.stream;

import ai.djl.ndarray.NDArray;

/** How a window's reconstruction error is measured against an error target. */
public enum ErrorMeasure {
    /** Mean absolute error, in the data's own units: each data scale needs its own target. */
    MAE,
    /**
     * Fraction of variance unexplained, {@code sum (x - y)^2 / sum (x - mean(x))^2} over the
     * window (the mean per input value): 0 is perfect, 1 is no better than the window's mean frame.
     * Independent of the data's scale, so one target serves every stream.
     */
    FVU;

    /** The error of reconstructions y [B, n] of a window x [B, n]. */
    public double of(NDArray x, NDArray y) {
        return switch (this) {
            case MAE -> x.sub(y).abs().mean().getFloat();
            case FVU -> {
                double residual = x.sub(y).square().sum().getFloat();
                double total = x.sub(x.mean(new int[] {0}, true)).square().sum().getFloat();
                yield total > 0 ? residual / total : (residual > 0 ? Double.POSITIVE_INFINITY : 0);
            }
        };
    }
}
