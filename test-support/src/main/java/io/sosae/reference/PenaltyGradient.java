package io.sosae.reference;

/**
 * One sample's penalty value and its gradient, split by how it reaches the encoder parameters.
 *
 * @param value           penalty value
 * @param dCode           dP/dh; backprop multiplies it by f'(z)
 * @param dPreActivation  explicit dP/dz not routed through h (contractive term)
 * @param dEncoderWeights explicit dP/dW1 not routed through z (contractive term), input x code
 */
public record PenaltyGradient(double value, double[] dCode, double[] dPreActivation, double[][] dEncoderWeights) {

    public PenaltyGradient {
        dCode = dCode.clone();
        dPreActivation = dPreActivation.clone();
        dEncoderWeights = Matrices.copy(dEncoderWeights);
        if (dCode.length != dPreActivation.length
                || dEncoderWeights.length == 0
                || dEncoderWeights[0].length != dCode.length) {
            throw new IllegalArgumentException("penalty gradient shapes disagree");
        }
    }

    static PenaltyGradient zero(double value, int codeSize, int inputSize) {
        return new PenaltyGradient(value, new double[codeSize], new double[codeSize], new double[inputSize][codeSize]);
    }

    static PenaltyGradient throughCode(double value, double[] dCode, int inputSize) {
        return new PenaltyGradient(value, dCode, new double[dCode.length], new double[inputSize][dCode.length]);
    }

    @Override
    public double[] dCode() {
        return dCode.clone();
    }

    @Override
    public double[] dPreActivation() {
        return dPreActivation.clone();
    }

    @Override
    public double[][] dEncoderWeights() {
        return Matrices.copy(dEncoderWeights);
    }
}
