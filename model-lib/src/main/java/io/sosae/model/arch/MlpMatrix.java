package io.sosae.model.arch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The matrix representation of an MLP from "Simultaneous Weight and Architecture Optimization for
 * Neural Networks" (Section 3.1, equation 1 and "Varying Number of Neurons"), immutable.
 *
 * <p>Equation 1 was lost in the text extraction this implementation worked from; the prose says the
 * matrix is the concatenation of the weight matrices W1 (input to first hidden layer), ..., W(K+1)
 * (last hidden layer to output), padded in the column dimension, followed by K mask columns of 0/1
 * values saying which of the up-to-H neurons of each hidden layer are active. Reconstructed here
 * as a {@code (n + K H) x (H + K)} matrix (n inputs, K hidden layers, H = {@code maxWidth}
 * neurons per layer at most, output width m <= H):
 *
 * <pre>
 *   rows 0 .. n-1                    W1      [n x H]   columns 0 .. H-1
 *   rows n+(l-1)H .. n+lH-1          W(l+1)  [H x H]   (l = 1 .. K-1)
 *   rows n+(K-1)H .. n+KH-1          W(K+1)  [H x m]   columns 0 .. m-1, zero padding to H
 *   column H+l-1, rows of block l    mask of hidden layer l: row n+(l-1)H+j is 1 when neuron j is active
 * </pre>
 *
 * The mask column of layer l is aligned with the rows of the block whose rows are that layer's
 * neurons (the paper does not say where inside its column the mask values sit); every other entry
 * of a mask column is 0. Weights of inactive neurons are 0 (masked). {@link #decode()} treats a mask
 * entry above 0.5 as active, as the paper does with the sigmoid of its decoders' mask columns, and
 * drops inactive neurons (their output is 0), so {@code decode(encode(mlp))} is the same function and
 * the same weights.
 */
public record MlpMatrix(MlpFamily family, int inputDim, int outputDim, int maxWidth, int hiddenLayers, float[] values) {

    public MlpMatrix {
        Objects.requireNonNull(family, "family");
        if (inputDim < 1 || outputDim < 1 || maxWidth < outputDim || hiddenLayers < 1) {
            throw new IllegalArgumentException("need inputDim >= 1, 1 <= outputDim <= maxWidth, hiddenLayers >= 1; got "
                    + inputDim + ", " + outputDim + ", " + maxWidth + ", " + hiddenLayers);
        }
        if (values.length != rows(inputDim, maxWidth, hiddenLayers) * columns(maxWidth, hiddenLayers)) {
            throw new IllegalArgumentException("an MLP matrix with " + hiddenLayers + " hidden layers is "
                    + rows(inputDim, maxWidth, hiddenLayers) + " x " + columns(maxWidth, hiddenLayers));
        }
        values = values.clone();
    }

    /** Rows of the matrix of an MLP with k hidden layers. */
    public static int rows(int inputDim, int maxWidth, int k) {
        return inputDim + k * maxWidth;
    }

    /** Columns of the matrix of an MLP with k hidden layers (weights, then k mask columns). */
    public static int columns(int maxWidth, int k) {
        return maxWidth + k;
    }

    public int rows() {
        return rows(inputDim, maxWidth, hiddenLayers);
    }

    public int columns() {
        return columns(maxWidth, hiddenLayers);
    }

    @Override
    public float[] values() {
        return values.clone();
    }

    /** Entry (row, column). */
    public float get(int row, int column) {
        return values[row * columns() + column];
    }

    /** The first row of weight block l (0 = W1). */
    static int blockRow(int inputDim, int maxWidth, int l) {
        return l == 0 ? 0 : inputDim + (l - 1) * maxWidth;
    }

    /** Encodes an MLP whose hidden layers are at most {@code maxWidth} wide; neuron j sits at position j. */
    public static MlpMatrix encode(Mlp mlp, int maxWidth) {
        int n = mlp.inputDim();
        int m = mlp.outputDim();
        int k = mlp.hiddenLayers();
        int[] widths = mlp.widths();
        for (int w : widths) {
            if (w > maxWidth) {
                throw new IllegalArgumentException("hidden layer of " + w + " neurons is wider than " + maxWidth);
            }
        }
        int cols = columns(maxWidth, k);
        float[] v = new float[rows(n, maxWidth, k) * cols];
        for (int l = 0; l <= k; l++) {
            int fanIn = Mlp.fanIn(l, n, widths);
            int fanOut = Mlp.fanOut(l, widths, m);
            float[] w = mlp.layer(l);
            int r0 = blockRow(n, maxWidth, l);
            for (int i = 0; i < fanIn; i++) {
                for (int j = 0; j < fanOut; j++) {
                    v[(r0 + i) * cols + j] = w[i * fanOut + j];
                }
            }
        }
        for (int l = 1; l <= k; l++) {
            int r0 = blockRow(n, maxWidth, l);
            for (int j = 0; j < widths[l - 1]; j++) {
                v[(r0 + j) * cols + maxWidth + l - 1] = 1;
            }
        }
        return new MlpMatrix(mlp.family(), n, m, maxWidth, k, v);
    }

    /** Whether neuron j of hidden layer l (1-based) is active: its mask entry exceeds 0.5. */
    public boolean active(int l, int j) {
        return get(blockRow(inputDim, maxWidth, l) + j, maxWidth + l - 1) > 0.5f;
    }

    /** The runnable MLP: active neurons only (inactive ones output 0, so dropping them is exact). */
    public Mlp decode() {
        int k = hiddenLayers;
        List<int[]> units = new ArrayList<>(); // per layer 0..K+1: indices kept
        units.add(range(inputDim));
        for (int l = 1; l <= k; l++) {
            int[] kept = new int[maxWidth];
            int c = 0;
            for (int j = 0; j < maxWidth; j++) {
                if (active(l, j)) {
                    kept[c++] = j;
                }
            }
            units.add(Arrays.copyOf(kept, c));
        }
        units.add(range(outputDim));
        int[] widths = new int[k];
        for (int l = 1; l <= k; l++) {
            widths[l - 1] = units.get(l).length;
        }
        List<float[]> layers = new ArrayList<>();
        for (int l = 0; l <= k; l++) {
            int[] from = units.get(l);
            int[] to = units.get(l + 1);
            int r0 = blockRow(inputDim, maxWidth, l);
            float[] w = new float[from.length * to.length];
            for (int i = 0; i < from.length; i++) {
                for (int j = 0; j < to.length; j++) {
                    w[i * to.length + j] = get(r0 + from[i], to[j]);
                }
            }
            layers.add(w);
        }
        return new Mlp(family, inputDim, widths, outputDim, layers);
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MlpMatrix other
                && family == other.family
                && inputDim == other.inputDim
                && outputDim == other.outputDim
                && maxWidth == other.maxWidth
                && hiddenLayers == other.hiddenLayers
                && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(family, inputDim, outputDim, maxWidth, hiddenLayers) * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "MlpMatrix[" + family + ", K=" + hiddenLayers + ", " + rows() + " x " + columns() + "]";
    }
}
