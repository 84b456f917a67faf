package io.sosae.model.arch;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A runnable bias-free MLP {@code inputDim -> widths[0] -> ... -> widths[K-1] -> outputDim} of one
 * {@link MlpFamily}. The paper's MLPs have no biases: its non-zero counts (14, 35 and 48 for 2, 3
 * and 4 hidden layers of 5 neurons with 3 inputs and 1 output) are counts of weights only.
 *
 * @param layers weight matrices, layer l row-major [fanIn x fanOut]: {@code layers.get(l)[i * fanOut + j]}
 *     is the weight from unit i of layer l to unit j of layer l + 1
 */
public record Mlp(MlpFamily family, int inputDim, int[] widths, int outputDim, List<float[]> layers) {

    public Mlp {
        Objects.requireNonNull(family, "family");
        widths = widths.clone();
        layers = List.copyOf(layers);
        if (widths.length < 1) {
            throw new IllegalArgumentException("an MLP needs at least one hidden layer");
        }
        if (layers.size() != widths.length + 1) {
            throw new IllegalArgumentException("an MLP with " + widths.length + " hidden layers needs "
                    + (widths.length + 1) + " weight matrices");
        }
        for (int l = 0; l <= widths.length; l++) {
            int expected = fanIn(l, inputDim, widths) * fanOut(l, widths, outputDim);
            if (layers.get(l).length != expected) {
                throw new IllegalArgumentException("weight matrix " + l + " must hold " + expected + " values");
            }
        }
    }

    static int fanIn(int l, int inputDim, int[] widths) {
        return l == 0 ? inputDim : widths[l - 1];
    }

    static int fanOut(int l, int[] widths, int outputDim) {
        return l == widths.length ? outputDim : widths[l];
    }

    /** Number of hidden layers K. */
    public int hiddenLayers() {
        return widths.length;
    }

    @Override
    public int[] widths() {
        return widths.clone();
    }

    /** Weight matrix l (a copy). */
    public float[] layer(int l) {
        return layers.get(l).clone();
    }

    /** Weights different from zero: the paper's measure of compactness. */
    public int nonZeroCount() {
        int count = 0;
        for (float[] w : layers) {
            for (float v : w) {
                if (v != 0) {
                    count++;
                }
            }
        }
        return count;
    }

    /** Outputs of a row-major batch of inputs, [rows x outputDim], in double precision. */
    public double[] forward(float[] inputs, int rows) {
        if (inputs.length != rows * inputDim) {
            throw new IllegalArgumentException("inputs must be rows x " + inputDim);
        }
        double[] out = new double[rows * outputDim];
        double[] a = new double[maxWidth()];
        double[] b = new double[maxWidth()];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < inputDim; i++) {
                a[i] = inputs[r * inputDim + i];
            }
            int width = inputDim;
            for (int l = 0; l <= widths.length; l++) {
                int next = fanOut(l, widths, outputDim);
                float[] w = layers.get(l);
                for (int j = 0; j < next; j++) {
                    double s = 0;
                    for (int i = 0; i < width; i++) {
                        s += a[i] * w[i * next + j];
                    }
                    b[j] = l == widths.length ? family.output(s) : family.hidden(s);
                }
                double[] t = a;
                a = b;
                b = t;
                width = next;
            }
            System.arraycopy(a, 0, out, r * outputDim, outputDim);
        }
        return out;
    }

    private int maxWidth() {
        int m = Math.max(inputDim, outputDim);
        for (int w : widths) {
            m = Math.max(m, w);
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Mlp other)) {
            return false;
        }
        if (family != other.family
                || inputDim != other.inputDim
                || outputDim != other.outputDim
                || !Arrays.equals(widths, other.widths)) {
            return false;
        }
        for (int l = 0; l < layers.size(); l++) {
            if (!Arrays.equals(layers.get(l), other.layers.get(l))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(family, inputDim, outputDim, Arrays.hashCode(widths));
        for (float[] w : layers) {
            h = 31 * h + Arrays.hashCode(w);
        }
        return h;
    }

    @Override
    public String toString() {
        return "Mlp[" + family + ", " + inputDim + " -> " + Arrays.toString(widths) + " -> " + outputDim + ", non-zero "
                + nonZeroCount() + "]";
    }
}
