package io.sosae.model.ga;

import io.sosae.model.core.Activation;

/**
 * How an {@link EvolvedAutoencoder} evolves on its stream.
 *
 * @param inputDim n, values per row
 * @param capacity d, code width (every code is this long: a fixed-width method)
 * @param encoder the encoder activation, {@link Activation#SIGMOID} (as in the paper) or {@link
 *     Activation#RELU}
 * @param outputSigmoid whether the linear decoder's output passes through a sigmoid
 * @param ga population, mutations per child, mutation scale and seed of the evolution
 * @param generationsPerStep generations run at each evolution step
 * @param evolveEvery rows observed between evolution steps
 * @param replayCapacity rows kept in the replay ring buffer (the most recent ones)
 * @param sampleSize replay rows the fitness of one evolution step is measured on
 * @param promoteEvery rows observed between promotions (each is a new serving version)
 */
public record EvolvedAutoencoderOptions(
        int inputDim,
        int capacity,
        Activation encoder,
        boolean outputSigmoid,
        GaOptions ga,
        int generationsPerStep,
        int evolveEvery,
        int replayCapacity,
        int sampleSize,
        int promoteEvery) {

    public EvolvedAutoencoderOptions {
        if (inputDim <= 0 || capacity <= 0) {
            throw new IllegalArgumentException(
                    "evolved autoencoder: inputDim and capacity must be > 0, were " + inputDim + " and " + capacity);
        }
        if (encoder != Activation.SIGMOID && encoder != Activation.RELU) {
            throw new IllegalArgumentException(
                    "evolved autoencoder: the encoder activation must be SIGMOID or RELU, was " + encoder);
        }
        if (ga == null) {
            throw new IllegalArgumentException("evolved autoencoder: GA options are required");
        }
        if (generationsPerStep <= 0 || evolveEvery <= 0 || promoteEvery <= 0) {
            throw new IllegalArgumentException("evolved autoencoder: generationsPerStep, evolveEvery and promoteEvery "
                    + "must be > 0, were " + generationsPerStep + ", " + evolveEvery + ", " + promoteEvery);
        }
        if (replayCapacity <= 0 || sampleSize <= 0 || sampleSize > replayCapacity) {
            throw new IllegalArgumentException("evolved autoencoder: the replay sample (" + sampleSize
                    + " rows) must be > 0 and fit in the replay buffer (" + replayCapacity + " rows)");
        }
        long parameters = 2L * inputDim * capacity + inputDim + capacity;
        if (ga.mutations() > parameters) {
            throw new IllegalArgumentException("evolved autoencoder: " + ga.mutations()
                    + " mutations per child exceed the model's " + parameters + " parameters");
        }
    }

    /**
     * Defaults for a stream of n-value rows: sigmoid encoder, linear decoder, 16 children with 4
     * mutations of U(-0.05, 0.05) (the paper's U(-1, 1) is a scale for its small convolutional
     * network; on a dense model of hundreds of weights it throws every child far off), 4
     * generations every 32 rows on 128 of 512 replayed rows, a promotion every 256 rows.
     */
    public static EvolvedAutoencoderOptions defaults(int inputDim, int capacity, long seed) {
        return new EvolvedAutoencoderOptions(
                inputDim, capacity, Activation.SIGMOID, false, new GaOptions(16, 4, 0.05, seed), 4, 32, 512, 128, 256);
    }

    /** Parameters of one individual: encoder [n x d] and [d], decoder [d x n] and [n]. */
    public int parameters() {
        return 2 * inputDim * capacity + inputDim + capacity;
    }
}
