package io.sosae.model.arch;

/**
 * The three MLP families of "Simultaneous Weight and Architecture Optimization for Neural
 * Networks" (Section 4.1 and its appendix): the hidden activation, the activation between the last
 * hidden layer and the output, and the range the random generator draws weights from.
 *
 * <p>Sigmoid-based MLPs have sigmoid hidden layers and a linear output; leaky-ReLU-based and
 * linear-based MLPs have a sigmoid output. Weights are drawn from [-10, 10] for the sigmoid family
 * and from [-3, 3] for the other two. The leaky slope is not given in the paper; 0.01 (PyTorch's
 * default) is used here.
 */
public enum MlpFamily {
    SIGMOID(10),
    LEAKY_RELU(3),
    LINEAR(3);

    /** Negative slope of the leaky ReLU (not stated in the paper). */
    public static final double LEAKY_SLOPE = 0.01;

    private final double weightRange;

    MlpFamily(double weightRange) {
        this.weightRange = weightRange;
    }

    /** Generated weights lie in [-weightRange, weightRange]; also the scale the encoders divide by. */
    public double weightRange() {
        return weightRange;
    }

    /** The hidden layers' activation. */
    public double hidden(double v) {
        return switch (this) {
            case SIGMOID -> 1 / (1 + Math.exp(-v));
            case LEAKY_RELU -> v >= 0 ? v : LEAKY_SLOPE * v;
            case LINEAR -> v;
        };
    }

    /** The activation between the last hidden layer and the output. */
    public double output(double v) {
        return this == SIGMOID ? v : 1 / (1 + Math.exp(-v));
    }
}
