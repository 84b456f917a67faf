package io.sosae.model.core;

import java.util.Objects;

/**
 * The part of a decoder a receiver needs to reconstruct truncated codes: the first {@code width}
 * latent columns of the decoder (active length plus a margin) and the output bias. Plain Java, so
 * it decodes anywhere without an engine.
 *
 * @param inputDim n, the width of a reconstructed frame
 * @param capacity d of the model it came from
 * @param activeLength L when the slice was cut
 * @param width columns kept (>= activeLength)
 * @param weights row-major [inputDim x width]: weights[i * width + j] is output i's weight on unit j
 * @param bias [inputDim]
 * @param outputSigmoid whether outputs pass through a sigmoid
 */
public record DecoderSlice(
        int inputDim, int capacity, int activeLength, int width, float[] weights, float[] bias, boolean outputSigmoid) {

    public DecoderSlice {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(bias, "bias");
        if (width < activeLength || width > capacity) {
            throw new IllegalArgumentException("slice width " + width + " must lie in [activeLength=" + activeLength
                    + ", capacity=" + capacity + "]");
        }
        if (weights.length != (long) inputDim * width) {
            throw new IllegalArgumentException("weights must hold " + inputDim + " x " + width + " values");
        }
        if (bias.length != inputDim) {
            throw new IllegalArgumentException("bias must hold " + inputDim + " values");
        }
    }

    /** Cuts the slice of a model state: decoder rows 0..width-1, transposed to [n x width]. */
    public static DecoderSlice of(ModelState state, int activeLength, int margin) {
        int n = state.config().inputDim();
        int d = state.config().capacity();
        int width = Math.min(d, activeLength + Math.max(0, margin));
        float[] wd = state.decoderWeight(); // [d x n]
        float[] w = new float[n * width];
        for (int j = 0; j < width; j++) {
            for (int i = 0; i < n; i++) {
                w[i * width + j] = wd[j * n + i];
            }
        }
        return new DecoderSlice(
                n,
                d,
                activeLength,
                width,
                w,
                state.decoderBias().clone(),
                state.config().outputSigmoid());
    }

    /** Reconstructs one frame from a code prefix of at most {@code width} values. */
    public float[] decode(float[] code) {
        if (code.length > width) {
            throw new IllegalArgumentException("code of length " + code.length + " is longer than this slice (" + width
                    + "); the code needs a newer decoder snapshot");
        }
        float[] y = new float[inputDim];
        for (int i = 0; i < inputDim; i++) {
            double s = bias[i];
            int row = i * width;
            for (int j = 0; j < code.length; j++) {
                s += (double) weights[row + j] * code[j];
            }
            y[i] = outputSigmoid ? (float) (1 / (1 + Math.exp(-s))) : (float) s;
        }
        return y;
    }
}
