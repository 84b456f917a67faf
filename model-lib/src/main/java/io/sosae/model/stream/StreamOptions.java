package io.sosae.model.stream;

/**
 * How a {@link ContinualSosae} fine-tunes on a stream.
 *
 * @param trainBatch samples drawn from the replay buffer for one training step
 * @param trainEvery one training step per this many observed records
 * @param replayCapacity most recent records kept for training (a ring buffer)
 * @param promoteEvery records between promotions of the training model to serving
 * @param lengthWindow most recent records whose codes measure the active length at a promotion
 * @param margin decoder columns shipped past the active length in a snapshot
 * @param reseedUnits units past L re-seeded after each promotion, so the model can grow back
 *     (a ReLU unit pushed to zero gets no gradient and would never return by itself)
 * @param tolerance active-length tolerance (see {@code ActiveLength}): the energy rule's bound
 * @param seed seed of replay sampling and re-seeding
 * @param errorTolerance 0 for the energy rule alone; above 0, L is the shortest prefix (within
 *     the energy rule's L) whose reconstruction error on the recent window is at most {@code (1 +
 *     errorTolerance)} times the error of the full code: the stream's quality knob, as the share
 *     of explained variance is for PCA
 */
public record StreamOptions(
        int trainBatch,
        int trainEvery,
        int replayCapacity,
        int promoteEvery,
        int lengthWindow,
        int margin,
        int reseedUnits,
        double tolerance,
        long seed,
        double errorTolerance) {

    public StreamOptions {
        positive("trainBatch", trainBatch);
        positive("trainEvery", trainEvery);
        positive("replayCapacity", replayCapacity);
        positive("promoteEvery", promoteEvery);
        positive("lengthWindow", lengthWindow);
        if (margin < 0 || reseedUnits < 0) {
            throw new IllegalArgumentException("margin and reseedUnits must be >= 0");
        }
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must be in [0, 1), was " + tolerance);
        }
        if (!(errorTolerance >= 0) || Double.isInfinite(errorTolerance)) {
            throw new IllegalArgumentException("errorTolerance must be >= 0 (0 = energy rule only), was " + errorTolerance);
        }
    }

    public static StreamOptions defaults() {
        return new StreamOptions(64, 4, 4096, 1000, 512, 0, 2, io.sosae.model.length.ActiveLength.DEFAULT_TOLERANCE, 17, 0);
    }

    public StreamOptions withPromoteEvery(int records) {
        return new StreamOptions(trainBatch, trainEvery, replayCapacity, records, lengthWindow, margin, reseedUnits, tolerance, seed, errorTolerance);
    }

    public StreamOptions withTrainEvery(int records) {
        return new StreamOptions(trainBatch, records, replayCapacity, promoteEvery, lengthWindow, margin, reseedUnits, tolerance, seed, errorTolerance);
    }

    public StreamOptions withErrorTolerance(double t) {
        return new StreamOptions(trainBatch, trainEvery, replayCapacity, promoteEvery, lengthWindow, margin, reseedUnits, tolerance, seed, t);
    }

    private static void positive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, was " + v);
        }
    }
}
