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
 * @param targetError 0 for a fixed push lambda; above 0, a controller adjusts the training model's
 *     push lambda so that the recent training reconstruction error (the configured loss, an EMA)
 *     stays near this value: error above target lowers lambda (units grow back), error below
 *     target raises it (tail units are pushed to zero). The stream's quality knob in absolute
 *     units, so L follows the data's complexity (see {@code docs/streaming-length.md})
 * @param lambdaMin lower bound of the controlled push lambda (used when targetError > 0)
 * @param lambdaMax upper bound of the controlled push lambda (used when targetError > 0)
 * @param residualReseed false: re-seeded units get random weights; true: they are seeded in pairs
 *     from the principal directions of the window's residual (x minus its reconstruction from the
 *     first L units), a +v and a -v unit per direction, so each new pair starts out explaining what
 *     the served code misses and grows at once instead of dying half of the time
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
        double errorTolerance,
        double targetError,
        double lambdaMin,
        double lambdaMax,
        boolean residualReseed) {

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
        if (!(targetError >= 0) || Double.isInfinite(targetError)) {
            throw new IllegalArgumentException("targetError must be >= 0 (0 = fixed push lambda), was " + targetError);
        }
        if (targetError > 0 && !(lambdaMin > 0 && lambdaMin <= lambdaMax && Double.isFinite(lambdaMax))) {
            throw new IllegalArgumentException("a push-lambda controller needs 0 < lambdaMin <= lambdaMax < inf, was ["
                    + lambdaMin + ", " + lambdaMax + "]");
        }
    }

    /** Options with a fixed push lambda (no error controller). */
    public StreamOptions(int trainBatch, int trainEvery, int replayCapacity, int promoteEvery, int lengthWindow,
            int margin, int reseedUnits, double tolerance, long seed, double errorTolerance) {
        this(trainBatch, trainEvery, replayCapacity, promoteEvery, lengthWindow, margin, reseedUnits, tolerance, seed,
                errorTolerance, 0, 0, 0, false);
    }

    /** Whether the push lambda is controlled to hold {@link #targetError}. */
    public boolean controlsLambda() {
        return targetError > 0;
    }

    public static StreamOptions defaults() {
        return new StreamOptions(64, 4, 4096, 1000, 512, 0, 2, io.sosae.model.length.ActiveLength.DEFAULT_TOLERANCE, 17, 0);
    }

    public StreamOptions withPromoteEvery(int records) {
        return new StreamOptions(trainBatch, trainEvery, replayCapacity, records, lengthWindow, margin, reseedUnits, tolerance, seed, errorTolerance, targetError, lambdaMin, lambdaMax, residualReseed);
    }

    public StreamOptions withTrainEvery(int records) {
        return new StreamOptions(trainBatch, records, replayCapacity, promoteEvery, lengthWindow, margin, reseedUnits, tolerance, seed, errorTolerance,
                targetError, lambdaMin, lambdaMax, residualReseed);
    }

    public StreamOptions withErrorTolerance(double t) {
        return new StreamOptions(trainBatch, trainEvery, replayCapacity, promoteEvery, lengthWindow, margin, reseedUnits, tolerance, seed, t,
                targetError, lambdaMin, lambdaMax, residualReseed);
    }

    /**
     * Turns on the push-lambda controller: lambda moves within [lambdaMin, lambdaMax] so that the
     * recent training reconstruction error stays near {@code target}.
     */
    public StreamOptions withTargetError(double target, double lambdaMin, double lambdaMax) {
        return new StreamOptions(trainBatch, trainEvery, replayCapacity, promoteEvery, lengthWindow, margin, reseedUnits, tolerance, seed,
                errorTolerance, target, lambdaMin, lambdaMax, residualReseed);
    }

    /** Seeds re-seeded units from the residual's principal directions (see the class comment). */
    public StreamOptions withResidualReseed(boolean on) {
        return new StreamOptions(trainBatch, trainEvery, replayCapacity, promoteEvery, lengthWindow, margin, reseedUnits, tolerance, seed,
                errorTolerance, targetError, lambdaMin, lambdaMax, on);
    }

    private static void positive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, was " + v);
        }
    }
}
