package io.sosae.model.train;

/**
 * How long and how a {@link Trainer} trains.
 *
 * @param epochs passes over the data
 * @param batchSize samples per Adam step
 * @param shuffleSeed seed of the per-epoch shuffles
 * @param compactEvery every this many epochs, move the units with the most energy to the front
 *     (0 = never); see {@code ActiveLength.compactionOrder}
 * @param lengthWindow codes sampled at each epoch's end to measure the active length
 * @param tolerance active-length tolerance ({@code ActiveLength.DEFAULT_TOLERANCE})
 */
public record TrainingOptions(
        int epochs, int batchSize, long shuffleSeed, int compactEvery, int lengthWindow, double tolerance) {

    public TrainingOptions {
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be >= 0, was " + epochs);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0, was " + batchSize);
        }
        if (compactEvery < 0) {
            throw new IllegalArgumentException("compactEvery must be >= 0 (0 = never), was " + compactEvery);
        }
        if (lengthWindow <= 0) {
            throw new IllegalArgumentException("lengthWindow must be > 0, was " + lengthWindow);
        }
    }

    public static TrainingOptions of(int epochs, int batchSize) {
        return new TrainingOptions(
                epochs, batchSize, 1L, 0, 2000, io.sosae.model.length.ActiveLength.DEFAULT_TOLERANCE);
    }

    public TrainingOptions withCompactEvery(int every) {
        return new TrainingOptions(epochs, batchSize, shuffleSeed, every, lengthWindow, tolerance);
    }

    public TrainingOptions withShuffleSeed(long seed) {
        return new TrainingOptions(epochs, batchSize, seed, compactEvery, lengthWindow, tolerance);
    }

    public TrainingOptions withEpochs(int e) {
        return new TrainingOptions(e, batchSize, shuffleSeed, compactEvery, lengthWindow, tolerance);
    }
}
