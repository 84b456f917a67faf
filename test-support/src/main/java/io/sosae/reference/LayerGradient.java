package io.sosae.reference;

import java.util.Arrays;

/**
 * Gradient of the objective w.r.t. one {@link DenseLayer}: same shapes (dW input x output, db per
 * output unit). Immutable.
 */
public record LayerGradient(double[][] dWeights, double[] dBias) {

    public LayerGradient {
        dWeights = Matrices.checkedCopy(dWeights, "dWeights");
        dBias = Matrices.checkedCopy(dBias, "dBias");
        if (dBias.length != dWeights[0].length) {
            throw new IllegalArgumentException(
                    "dBias has " + dBias.length + " values but dWeights have " + dWeights[0].length + " columns");
        }
    }

    @Override
    public double[][] dWeights() {
        return Matrices.copy(dWeights);
    }

    @Override
    public double[] dBias() {
        return dBias.clone();
    }

    /** dW in DJL/PyTorch layout, output x input. */
    public double[][] dWeightsOutByIn() {
        return Matrices.transpose(dWeights);
    }

    public int inputs() {
        return dWeights.length;
    }

    public int outputs() {
        return dBias.length;
    }

    public double dWeight(int in, int out) {
        return dWeights[in][out];
    }

    public double dBias(int out) {
        return dBias[out];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerGradient other
                && Matrices.deepEquals(dWeights, other.dWeights)
                && Arrays.equals(dBias, other.dBias);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.deepHashCode(dWeights) + Arrays.hashCode(dBias);
    }

    @Override
    public String toString() {
        return "LayerGradient[dWeights=" + Arrays.deepToString(dWeights) + ", dBias=" + Arrays.toString(dBias) + "]";
    }
}
