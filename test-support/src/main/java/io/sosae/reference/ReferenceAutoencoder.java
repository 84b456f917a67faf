package io.sosae.reference;

import java.util.List;

/**
 * Seed 001's autoencoder trainer: an {@link ReferenceMlp} whose target is its input, trained by
 * plain SGD with batch size 1. Each step swaps in a new immutable network, so {@link #network()}
 * snapshots stay valid; the holder itself is not thread-safe.
 */
public final class ReferenceAutoencoder {
    /** Seed 001's learning rate. */
    public static final double PAPER_LEARNING_RATE = 0.01;
    /** Seed 001's epoch count. */
    public static final int PAPER_EPOCHS = 2000;

    private ReferenceMlp network;

    private ReferenceAutoencoder(ReferenceMlp network) {
        if (network.inputSize() != network.outputSize()) {
            throw new IllegalArgumentException("an autoencoder needs as many outputs as inputs, got "
                    + network.inputSize() + " -> " + network.outputSize());
        }
        this.network = network;
    }

    public static ReferenceAutoencoder of(ReferenceMlp network) {
        return new ReferenceAutoencoder(network);
    }

    /** Seed 001's [3,4,3] net (leaky ReLU, sigmoid, BCE) with Glorot-uniform weights from {@code seed}. */
    public static ReferenceAutoencoder paperTopology(long seed) {
        return of(ReferenceMlp.builder().topology(3, 4, 3).glorotUniform(seed).build());
    }

    /** Seed 001's trained [3,4,3] net with the weights printed in its worked example. */
    public static ReferenceAutoencoder paperTrainedWeights() {
        DenseLayer encoder = new DenseLayer(
                new double[][] {
                    {1.28098, 3.1223, -2.08707, 0.870437},
                    {1.58878, 1.26969, 1.91459, -2.58573},
                    {-2.38938, 2.4454, 1.70066, 1.09686}
                },
                new double[] {0.665083, 0.468071, 0.475733, 0.618163});
        DenseLayer decoder = new DenseLayer(
                new double[][] {
                    {-0.691801, 0.332733, -4.93794},
                    {2.13842, 0.592468, 1.48174},
                    {-4.41755, 0.758111, 0.5045},
                    {-1.93134, -5.56105, -1.09996}
                },
                new double[] {0.53651, 0.397774, 0.511934});
        return of(ReferenceMlp.builder().layers(List.of(encoder, decoder)).build());
    }

    /** Current network (an immutable snapshot). */
    public ReferenceMlp network() {
        return network;
    }

    /** Reconstruction of x. */
    public double[] forward(double[] x) {
        return network.predict(x);
    }

    /** Full forward pass of x (every z and h). */
    public ForwardPass trace(double[] x) {
        return network.forward(x);
    }

    /** Objective of reconstructing x. */
    public Objective objective(double[] x) {
        return network.objective(x, x);
    }

    /** Per-layer dW/db of reconstructing x, without changing the weights. */
    public MlpGradients gradients(double[] x) {
        return network.gradients(x, x);
    }

    /**
     * One SGD step on x (batch size 1): forward, backprop, {@code W -= lr dW}.
     *
     * @return the total objective on x before the update
     */
    public double trainStep(double[] x, double learningRate) {
        MlpGradients g = network.gradients(x, x);
        network = network.sgdStep(g, learningRate);
        return g.objective().total();
    }

    /**
     * One epoch: a {@link #trainStep} per sample, in the given order.
     *
     * @return the mean pre-update objective over the epoch
     */
    public double trainEpoch(List<double[]> samples, double learningRate) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("an epoch needs at least one sample");
        }
        double sum = 0.0;
        for (double[] x : samples) {
            sum += trainStep(x, learningRate);
        }
        return sum / samples.size();
    }

    /** Mean objective over the samples, without training. */
    public double meanObjective(List<double[]> samples) {
        return network.objective(samples.toArray(double[][]::new), samples.toArray(double[][]::new))
                .total();
    }
}
