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
 * @param targetError 0: a fixed push lambda alone decides which units survive (and L rarely moves
 *     after the first promotions). Above 0: the stream's quality knob, a window MAE that the
 *     model's width follows. At each promotion the training model's window MAE with its first L
 *     units is compared with it: above the target, {@code reseedUnits} units past L are seeded in
 *     +v / -v pairs from the leading principal directions of the window's residual, so they
 *     explain what the code misses from the first step (growth); at or below it, units are
 *     switched off greedily (the one whose removal costs least first) while the window MAE stays
 *     within {@code targetError * (1 + pruneSlack)} (shrinkage). Units past the result are
 *     switched off (a ReLU unit with zero weights and bias -1 is exactly zero and gets no
 *     gradient). See {@code docs/streaming-length.md}
 * @param pruneSlack how far above the target pruning may take the training model's window MAE
 *     before the next interval re-fits the remaining units (0.3: 30%); the served model is the
 *     re-fitted one, so larger slack shrinks faster but overshoots more
 * @param targetMeasure what {@code targetError} is measured in: {@link ErrorMeasure#MAE} (the
 *     data's units) or {@link ErrorMeasure#FVU} (the fraction of variance unexplained, scale-free)
 * @param warmStartRows linear-code models ({@code IDENTITY} encoder): once this many records
 *     (or {@code promoteEvery}, if fewer) are in the replay buffer, the model is set in closed form to the buffer's principal directions
 *     (PCA, mapped through the output sigmoid's slope) and promoted at once; training starts from
 *     there. 0: no closed-form start (the model trains from its random initialisation)
 * @param alignCodes linear-code models: express every new version's code in the coordinates of
 *     the one before it (an orthogonal Procrustes rotation of the served units, fitted on the
 *     window; outputs unchanged), so consumers of the codes themselves keep working
 * @param stableTrainEvery once the model is stable (its last two promotions served the same
 *     length), one training step per this many records instead of {@code trainEvery} (never more
 *     often than that); 0 = always {@code trainEvery}. The closed-form refits at promotions keep a
 *     linear-code model at least as good as a PCA of its buffer, so a stable stream needs few
 *     gradient steps; a length change or a rising error brings the full rate back
 * @param pcaFallback linear-code models with a sigmoid decoder that follow a target: at every
 *     promotion the trained model and the exact PCA of the buffer (a linear-output model), both
 *     at the served length, are frozen; the one not served is the challenger. The next promotion
 *     measures both on the records that came since (which neither saw) and serves a fresh model
 *     of the kind that coded them better, switching kinds only for an error lower by {@code
 *     pcaSwitchMargin}. So the served codes are never far behind a PCA that tracks the stream
 * @param pcaSwitchMargin the share in [0, 1) by which the other kind (trained or PCA) must beat
 *     the served kind on the last interval before the next version switches to it: interval
 *     errors are noisy, and without a margin a near-tie after a change of regime serves the kind
 *     that then loses
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
        double pruneSlack,
        ErrorMeasure targetMeasure,
        int warmStartRows,
        boolean alignCodes,
        int stableTrainEvery,
        boolean pcaFallback,
        double pcaSwitchMargin) {

    public StreamOptions {
        if (stableTrainEvery < 0) {
            throw new IllegalArgumentException(
                    "stableTrainEvery must be >= 0 (0 = always trainEvery), was " + stableTrainEvery);
        }
        java.util.Objects.requireNonNull(targetMeasure, "targetMeasure");
        if (!(pcaSwitchMargin >= 0 && pcaSwitchMargin < 1)) {
            throw new IllegalArgumentException("pcaSwitchMargin must be in [0, 1), was " + pcaSwitchMargin);
        }
        if (warmStartRows < 0) {
            throw new IllegalArgumentException(
                    "warmStartRows must be >= 0 (0 = no closed-form start), was " + warmStartRows);
        }
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
            throw new IllegalArgumentException(
                    "errorTolerance must be >= 0 (0 = energy rule only), was " + errorTolerance);
        }
        if (!(targetError >= 0) || Double.isInfinite(targetError)) {
            throw new IllegalArgumentException("targetError must be >= 0 (0 = no error target), was " + targetError);
        }
        if (!(pruneSlack >= 0) || Double.isInfinite(pruneSlack)) {
            throw new IllegalArgumentException("pruneSlack must be >= 0, was " + pruneSlack);
        }
    }

    /** Options without an error target (targetError 0): the width is left to the push alone. */
    public StreamOptions(
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
        this(
                trainBatch,
                trainEvery,
                replayCapacity,
                promoteEvery,
                lengthWindow,
                margin,
                reseedUnits,
                tolerance,
                seed,
                errorTolerance,
                0,
                0,
                ErrorMeasure.MAE,
                0,
                false);
    }

    /** Options of the 15 fields before {@code stableTrainEvery} (which is 0: always trainEvery). */
    public StreamOptions(
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
            double pruneSlack,
            ErrorMeasure targetMeasure,
            int warmStartRows,
            boolean alignCodes) {
        this(
                trainBatch,
                trainEvery,
                replayCapacity,
                promoteEvery,
                lengthWindow,
                margin,
                reseedUnits,
                tolerance,
                seed,
                errorTolerance,
                targetError,
                pruneSlack,
                targetMeasure,
                warmStartRows,
                alignCodes,
                0,
                false,
                DEFAULT_PCA_SWITCH_MARGIN);
    }

    /** The default of {@code pcaSwitchMargin} (chosen by measurement: docs/streaming-length.md). */
    public static final double DEFAULT_PCA_SWITCH_MARGIN = 0.2;

    /** {@link #withPcaFallback(boolean, double)} at the default margin. */
    public StreamOptions withPcaFallback(boolean fallback) {
        return withPcaFallback(fallback, DEFAULT_PCA_SWITCH_MARGIN);
    }

    /** Versions that fall back to the buffer's exact PCA where it codes the stream better (see the class comment). */
    public StreamOptions withPcaFallback(boolean fallback, double switchMargin) {
        return new StreamOptions(
                trainBatch,
                trainEvery,
                replayCapacity,
                promoteEvery,
                lengthWindow,
                margin,
                reseedUnits,
                tolerance,
                seed,
                errorTolerance,
                targetError,
                pruneSlack,
                targetMeasure,
                warmStartRows,
                alignCodes,
                stableTrainEvery,
                fallback,
                switchMargin);
    }

    /** Records per training step once the model is stable (never fewer than {@link #trainEvery}). */
    public int stableStepInterval() {
        return Math.max(trainEvery, stableTrainEvery);
    }

    /** Fewer training steps once the model is stable: one per {@code records}; 0 = always trainEvery. */
    public StreamOptions withStableTrainEvery(int records) {
        return new StreamOptions(
                trainBatch,
                trainEvery,
                replayCapacity,
                promoteEvery,
                lengthWindow,
                margin,
                reseedUnits,
                tolerance,
                seed,
                errorTolerance,
                targetError,
                pruneSlack,
                targetMeasure,
                warmStartRows,
                alignCodes,
                records,
                pcaFallback,
                pcaSwitchMargin);
    }

    /** Whether the model's width follows {@link #targetError} (growth and pruning at promotions). */
    public boolean followsTarget() {
        return targetError > 0;
    }

    public static StreamOptions defaults() {
        return new StreamOptions(
                64, 4, 4096, 1000, 512, 0, 2, io.sosae.model.length.ActiveLength.DEFAULT_TOLERANCE, 17, 0);
    }

    public StreamOptions withPromoteEvery(int records) {
        return new StreamOptions(
                trainBatch,
                trainEvery,
                replayCapacity,
                records,
                lengthWindow,
                margin,
                reseedUnits,
                tolerance,
                seed,
                errorTolerance,
                targetError,
                pruneSlack,
                targetMeasure,
                warmStartRows,
                alignCodes,
                stableTrainEvery,
                pcaFallback,
                pcaSwitchMargin);
    }

    public StreamOptions withTrainEvery(int records) {
        return new StreamOptions(
                trainBatch,
                records,
                replayCapacity,
                promoteEvery,
                lengthWindow,
                margin,
                reseedUnits,
                tolerance,
                seed,
                errorTolerance,
                targetError,
                pruneSlack,
                targetMeasure,
                warmStartRows,
                alignCodes,
                stableTrainEvery,
                pcaFallback,
                pcaSwitchMargin);
    }

    public StreamOptions withErrorTolerance(double t) {
        return new StreamOptions(
                trainBatch,
                trainEvery,
                replayCapacity,
                promoteEvery,
                lengthWindow,
                margin,
                reseedUnits,
                tolerance,
                seed,
                t,
                targetError,
                pruneSlack,
                targetMeasure,
                warmStartRows,
                alignCodes,
                stableTrainEvery,
                pcaFallback,
                pcaSwitchMargin);
    }

    /**
     * Lets the model's width follow an error target: growth from the residual while the window
     * MAE is above {@code target}, greedy pruning within {@code target * (1 + slack)} while it is
     * at or below it.
     */
    public StreamOptions withTargetError(double target, double slack) {
        return new StreamOptions(
                trainBatch,
                trainEvery,
                replayCapacity,
                promoteEvery,
                lengthWindow,
                margin,
                reseedUnits,
                tolerance,
                seed,
                errorTolerance,
                target,
                slack,
                targetMeasure,
                warmStartRows,
                alignCodes,
                stableTrainEvery,
                pcaFallback,
                pcaSwitchMargin);
    }

    /** The measure {@link #targetError} is in. */
    public StreamOptions withTargetMeasure(ErrorMeasure measure) {
        return new StreamOptions(
                trainBatch,
                trainEvery,
                replayCapacity,
                promoteEvery,
                lengthWindow,
                margin,
                reseedUnits,
                tolerance,
                seed,
                errorTolerance,
                targetError,
                pruneSlack,
                measure,
                warmStartRows,
                alignCodes,
                stableTrainEvery,
                pcaFallback,
                pcaSwitchMargin);
    }

    /** Linear codes: the closed-form start after {@code rows} records, and aligned versions. */
    public StreamOptions withLinearCodes(int rows, boolean align) {
        return new StreamOptions(
                trainBatch,
                trainEvery,
                replayCapacity,
                promoteEvery,
                lengthWindow,
                margin,
                reseedUnits,
                tolerance,
                seed,
                errorTolerance,
                targetError,
                pruneSlack,
                targetMeasure,
                rows,
                align,
                stableTrainEvery,
                pcaFallback,
                pcaSwitchMargin);
    }

    private static void positive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, was " + v);
        }
    }
}
