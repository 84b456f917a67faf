package io.sosae.model.arch;

/**
 * How an {@link ArchSearchAutoencoder} searches its widths on a stream.
 *
 * @param inputDim n, values per row
 * @param capacity the most code units (the widest code)
 * @param hiddenCapacity the most units of the encoder's hidden layer
 * @param promoteEvery rows between promotions (each prunes and serves a new version)
 * @param replayCapacity rows the replay buffer keeps (oldest replaced first)
 * @param batchSize rows per training step, drawn from the replay buffer
 * @param stepsPerBatch training steps per observed batch
 * @param learningRate Adam's step size
 * @param lambda weight of the sparsity penalty on the gates (L1 plus soft counting switch)
 * @param beta sharpness of the soft counting switch
 * @param initialThreshold the learnable threshold tau at the start (gates start at 1)
 * @param weightDecay L2 weight on the weight matrices (removes the scale symmetry between a gate
 *     and the weights around it, which would otherwise let the L1 term shrink a gate for free)
 * @param seed initialisation and replay sampling
 */
public record ArchSearchOptions(
        int inputDim,
        int capacity,
        int hiddenCapacity,
        int promoteEvery,
        int replayCapacity,
        int batchSize,
        int stepsPerBatch,
        double learningRate,
        double lambda,
        double beta,
        double initialThreshold,
        double weightDecay,
        long seed) {

    public ArchSearchOptions {
        if (inputDim <= 0) {
            throw new IllegalArgumentException("arch-search inputDim must be > 0, was " + inputDim);
        }
        if (capacity <= 0 || hiddenCapacity <= 0) {
            throw new IllegalArgumentException(
                    "arch-search capacity and hiddenCapacity must be > 0, were " + capacity + " and " + hiddenCapacity);
        }
        if (promoteEvery <= 0 || replayCapacity <= 0 || batchSize <= 0 || stepsPerBatch <= 0) {
            throw new IllegalArgumentException(
                    "arch-search promoteEvery, replayCapacity, batchSize and stepsPerBatch must be > 0, were "
                            + promoteEvery + ", " + replayCapacity + ", " + batchSize + ", " + stepsPerBatch);
        }
        if (!(learningRate > 0) || !(lambda >= 0) || !(beta > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException(
                    "arch-search needs learningRate > 0, lambda >= 0, beta > 0 and weightDecay >= 0, were "
                            + learningRate + ", " + lambda + ", " + beta + ", " + weightDecay);
        }
        if (!(initialThreshold > 0 && initialThreshold < 1)) {
            throw new IllegalArgumentException(
                    "arch-search initialThreshold must lie in (0, 1) (gates start at 1), was " + initialThreshold);
        }
    }

    /** Defaults for a stream of {@code inputDim} values per row and codes of at most {@code capacity}. */
    public static ArchSearchOptions defaults(int inputDim, int capacity) {
        return new ArchSearchOptions(inputDim, capacity, 2 * capacity, 1024, 4096, 64, 4, 3e-3, 3e-4, 20, 0.1, 1e-4, 1);
    }

    public ArchSearchOptions withPromoteEvery(int rows) {
        return new ArchSearchOptions(
                inputDim,
                capacity,
                hiddenCapacity,
                rows,
                replayCapacity,
                batchSize,
                stepsPerBatch,
                learningRate,
                lambda,
                beta,
                initialThreshold,
                weightDecay,
                seed);
    }

    public ArchSearchOptions withLambda(double value) {
        return new ArchSearchOptions(
                inputDim,
                capacity,
                hiddenCapacity,
                promoteEvery,
                replayCapacity,
                batchSize,
                stepsPerBatch,
                learningRate,
                value,
                beta,
                initialThreshold,
                weightDecay,
                seed);
    }
}
