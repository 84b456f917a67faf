package io.sosae.reference;

import java.util.Arrays;

/**
 * One fully connected layer: {@code z = x . W + b}, weights stored input x output (the reference paper's
 * layout). Immutable: arrays are copied in and out.
 *
 * @param weights input x output matrix
 * @param bias    one value per output unit
 */
public record DenseLayer(double[][] weights, double[] bias) {

    public DenseLayer {
        weights = Matrices.checkedCopy(weights, "weights");
        bias = Matrices.checkedCopy(bias, "bias");
        if (bias.length != weights[0].length) {
            throw new IllegalArgumentException(
                    "bias has " + bias.length + " values but weights have " + weights[0].length + " output columns");
        }
    }

    /** Builds a layer from DJL/PyTorch layout: weights output x input. */
    public static DenseLayer fromOutByIn(double[][] weightsOutByIn, double[] bias) {
        return new DenseLayer(Matrices.transpose(Matrices.checkedCopy(weightsOutByIn, "weights")), bias);
    }

    /** Copy of the weights, input x output. */
    @Override
    public double[][] weights() {
        return Matrices.copy(weights);
    }

    /** Copy of the bias. */
    @Override
    public double[] bias() {
        return bias.clone();
    }

    /** Copy of the weights in DJL/PyTorch layout, output x input. */
    public double[][] weightsOutByIn() {
        return Matrices.transpose(weights);
    }

    public int inputs() {
        return weights.length;
    }

    public int outputs() {
        return bias.length;
    }

    /** Weight from input unit {@code in} to output unit {@code out}. */
    public double weight(int in, int out) {
        return weights[in][out];
    }

    public double bias(int out) {
        return bias[out];
    }

    /** z = x . W + b. */
    public double[] preActivation(double[] x) {
        if (x.length != weights.length) {
            throw new IllegalArgumentException("input has " + x.length + " values, layer expects " + weights.length);
        }
        double[] z = bias.clone();
        for (int i = 0; i < x.length; i++) {
            double xi = x[i];
            if (xi == 0.0) {
                continue;
            }
            double[] row = weights[i];
            for (int j = 0; j < z.length; j++) {
                z[j] += xi * row[j];
            }
        }
        return z;
    }

    /** Squared L2 norm of the weights into output unit j (column j): ||W_j||^2. */
    public double squaredColumnNorm(int out) {
        double s = 0.0;
        for (double[] row : weights) {
            s += row[out] * row[out];
        }
        return s;
    }

    /** This layer after one plain SGD step: W - lr dW, b - lr db. */
    public DenseLayer minus(LayerGradient g, double lr) {
        if (g.inputs() != inputs() || g.outputs() != outputs()) {
            throw new IllegalArgumentException("gradient shape " + g.inputs() + "x" + g.outputs()
                    + " does not match layer " + inputs() + "x" + outputs());
        }
        double[][] w = Matrices.copy(weights);
        double[] b = bias.clone();
        for (int i = 0; i < w.length; i++) {
            for (int j = 0; j < b.length; j++) {
                w[i][j] -= lr * g.dWeight(i, j);
            }
        }
        for (int j = 0; j < b.length; j++) {
            b[j] -= lr * g.dBias(j);
        }
        return new DenseLayer(w, b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DenseLayer other
                && Matrices.deepEquals(weights, other.weights)
                && Arrays.equals(bias, other.bias);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.deepHashCode(weights) + Arrays.hashCode(bias);
    }

    @Override
    public String toString() {
        return "DenseLayer[" + inputs() + "x" + outputs() + ", weights=" + Arrays.deepToString(weights) + ", bias="
                + Arrays.toString(bias) + "]";
    }
}
