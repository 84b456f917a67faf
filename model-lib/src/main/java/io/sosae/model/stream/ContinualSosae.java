package io.sosae.model.stream;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.sosae.model.core.Activation;
import io.sosae.model.core.Autoencoder;
import io.sosae.model.core.AutoencoderConfig;
import io.sosae.model.core.DecoderSlice;
import io.sosae.model.core.Flops;
import io.sosae.model.core.HostEncoder;
import io.sosae.model.core.Method;
import io.sosae.model.core.ModelBlob;
import io.sosae.model.core.ModelState;
import io.sosae.model.core.StepStats;
import io.sosae.model.length.ActiveLength;
import io.sosae.model.linalg.ContributionOrder;
import io.sosae.model.linalg.PrincipalDirections;
import io.sosae.model.linalg.Procrustes;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * One stream's continually fine-tuned autoencoder: a serving model that encodes, a training model
 * that learns from a bounded replay buffer, and promotions that turn the training model into the
 * next serving version. Pure model logic; the Flink operator around it handles state and records.
 *
 * <p>For SOSAE ({@link Method#truncates()}) the served length follows the data as described below.
 * The fixed-width baselines (AE, L1, L2, k-sparse, CAE, contractive k-sparse, DAE) run through the
 * same replay buffer, training steps, promotions and rollbacks, but serve every unit: their codes
 * are {@code capacity} values long, and the promotion reports the measured active length beside
 * it.
 *
 * <p>At a promotion the training model's units are sorted by energy (active units to the front,
 * outputs unchanged), the active length L is measured on the most recent records, the serving
 * model becomes a copy of it, and then the first {@code reseedUnits} units past L of the
 * training model are re-seeded: if the data got more complex they pick up the new structure and
 * L grows at the next promotion; if not, the push loss drives them back to zero.
 *
 * <p>With an error target ({@link StreamOptions#followsTarget()}) the width follows the data
 * instead: a fixed push lambda sets a price per unit, not how many units the data needs, so on its
 * own L depends on lambda far more than on the data and, once the tail units are dead, never
 * moves. With a target, each promotion compares the training model's window MAE (first L units)
 * with it. Above {@code target * (1 + pruneSlack)}, the units past L are seeded in +v / -v pairs from the principal
 * directions of the window's residual: they start out explaining what the code misses, so they
 * grow at once (random re-seeds die about half of the time, because a random decoder direction
 * is as likely to point against the residual as along it). At or below the target, units are
 * switched off greedily, cheapest first, while the window MAE stays within {@code target * (1 +
 * pruneSlack)}; the next interval re-fits the rest, and the re-fitted model is what gets served.
 * In between, the width is held (a dead band, so pruning and growth cannot chase each other).
 * Units past the resulting length are switched off (exactly zero, no gradient) so the training
 * model cannot keep information in a tail that L does not report. L is then the smallest width
 * that holds the target on the current data, and it rises and falls with the data's complexity.
 *
 * <p><b>Linear codes</b> (an {@link Activation#IDENTITY} encoder, the streaming job's default):
 * one unit per direction instead of ReLU's +/- pairs, so the code can be as short as the data's
 * dimension. Once {@link StreamOptions#warmStartRows} records are buffered the model is set in
 * closed form to their principal directions, mapped through the output sigmoid's slope at the
 * mean (so version 2 is about as good as a PCA of those records, and training improves on it
 * from there), and promoted at once. At a promotion the units are sorted by energy and the
 * length is the shortest prefix within the target (a binary search, no greedy re-fit), so what is
 * served is never above the target on the window; growth seeds one unit per leading direction of
 * the residual. With {@link StreamOptions#alignCodes} the served units of each new version are
 * rotated (orthogonal Procrustes on the window's codes, encoder and decoder together, outputs
 * unchanged) into the coordinates of the version before it.
 *
 * <p>A training step whose loss is not finite rolls the training model back to the last promoted
 * version. Not thread-safe: one stream, one thread.
 */
public final class ContinualSosae implements StreamCompressor {
    /**
     * Largest batch, in multiply-adds, encoded in plain Java rather than by the engine: about where
     * plain Java's multiply-adds cost what the engine's fixed cost per encode does on a 2-core
     * host (one or two frames of a 64-channel stream; a full micro-batch of 32 goes to the engine).
     */
    static final long HOST_ENCODE_MAX = 1L << 14;

    private final StreamOptions options;
    private final Device device;
    private final JointTraining joint; // null: every step runs when it is due
    // the serving model's weights in plain Java for small batches, and the model they were copied from
    private HostEncoder hostEncoder;
    private Autoencoder hostEncoderOf;
    private final int inputDim;
    private float[] replay; // grows to replayCapacity rows as records come: short streams stay small
    private final SplittableRandom random;
    private Autoencoder serving;
    private Autoencoder training;
    private long version;
    private int servingLength;
    private long samplesSeen;
    private long sinceTrain;
    private long sincePromotion;
    private int replayCount;
    private int replayNext;
    private long rollbacks;
    private long skipped;
    private double recentReconstruction = Double.NaN;
    private double recentPush = Double.NaN;
    private int measuredLength;
    private double flops;
    private boolean warmStarted;
    // fewer steps once stable (StreamOptions.stableTrainEvery): promotions in a row that served the
    // same length with the window within the target, and the steps taken against the full rate
    private int stablePromotions;
    private boolean lastWithinTarget = true;
    private long steps;
    private long recordsSinceStart;
    // the PCA fallback (StreamOptions.pcaFallback): of the trained model and the linear closed form
    // frozen at the last version, the one not served (null before the first comparison)
    private Autoencoder challenger;
    // the buffer's principal directions at the current record count: one fit serves the refit
    // guard and the PCA fallback of one promotion
    private PrincipalDirections bufferFit;
    private long bufferFitAt = -1;

    /**
     * @param trained the configuration the stream trains (null: the blob's); it differs from the
     *     blob's when the blob holds a PCA version (linear outputs) of a sigmoid-output model
     */
    private ContinualSosae(
            ModelBlob blob, AutoencoderConfig trained, StreamOptions options, Device device, JointTraining joint) {
        this.options = options;
        this.device = device;
        this.joint = joint;
        this.inputDim = blob.state().config().inputDim();
        this.replay = new float[Math.min(options.replayCapacity(), 64) * inputDim];
        this.random = new SplittableRandom(options.seed() ^ blob.modelVersion());
        this.serving = Autoencoder.restore(blob.state(), device);
        this.version = blob.modelVersion();
        this.servingLength = blob.state().config().method().truncates()
                ? Math.max(1, blob.activeLength())
                : blob.state().config().capacity();
        boolean pcaVersion = trained != null
                && trained.outputSigmoid()
                && !blob.state().config().outputSigmoid();
        this.training = Autoencoder.restore(
                pcaVersion ? ClosedForm.throughSigmoid(blob.state(), trained, servingLength) : blob.state(), device);
        this.measuredLength = servingLength;
        this.samplesSeen = blob.samplesSeen();
        // a restored model past its first version has seen data; only a fresh one starts in closed form
        this.warmStarted = !linearCode() || options.warmStartRows() == 0 || version > 1;
    }

    /**
     * A new stream model at version 1 with the full capacity as its length (nothing is known yet).
     * Call {@link #promotion()} once to publish version 1's decoder before its first codes.
     */
    public static ContinualSosae create(AutoencoderConfig config, StreamOptions options, Device device) {
        return create(config, options, device, null);
    }

    /**
     * {@link #create(AutoencoderConfig, StreamOptions, Device)} whose training steps run with other
     * models' in {@code joint} (null: alone).
     */
    public static ContinualSosae create(
            AutoencoderConfig config, StreamOptions options, Device device, JointTraining joint) {
        try (Autoencoder fresh = Autoencoder.create(config, device)) {
            return new ContinualSosae(
                    new ModelBlob(fresh.state(), 1, config.capacity(), 0), config, options, device, joint);
        }
    }

    /** Continues from a blob kept in state; versions continue from it. */
    public static ContinualSosae restore(byte[] blob, StreamOptions options, Device device) {
        return new ContinualSosae(ModelBlob.fromBytes(blob), null, options, device, null);
    }

    /**
     * The factory of one autoencoder method's stream models; a restored blob must be of the same
     * method and input width as {@code config}.
     */
    public static CompressorFactory factory(AutoencoderConfig config, StreamOptions options) {
        return new Factory(config, options, null);
    }

    /** The factory of {@link #factory}; with a {@link JointTraining}, its models train in it. */
    private record Factory(AutoencoderConfig config, StreamOptions options, JointTraining joint)
            implements CompressorFactory {
        @Override
        public Method method() {
            return config.method();
        }

        @Override
        public StreamCompressor create(Device device) {
            return ContinualSosae.create(config, options, device, joint);
        }

        @Override
        public StreamCompressor restore(byte[] blob, Device device) {
            ModelBlob b = ModelBlob.fromBytes(blob);
            AutoencoderConfig stored = b.state().config();
            if (stored.method() != config.method() || stored.inputDim() != config.inputDim()) {
                throw new IllegalArgumentException("the model in state is " + stored.method()
                        + " with input width "
                        + stored.inputDim() + ", but the job runs " + config.method() + " with input width "
                        + config.inputDim() + "; start this configuration from an empty state (a new job) or "
                        + "restore the savepoint with the configuration that wrote it");
            }
            return new ContinualSosae(b, config, options, device, joint);
        }

        @Override
        public CompressorFactory trainingIn(JointTraining joint) {
            return new Factory(config, options, joint);
        }
    }

    @Override
    public Method method() {
        return serving.config().method();
    }

    /**
     * Training steps, encodes, and every promotion's work: its length windows, the shortest-prefix
     * check, SOSAE's pruning search and the residual seeding of new units ({@link Flops}).
     */
    @Override
    public double flops() {
        return flops;
    }

    private boolean fixedWidth() {
        return !method().truncates();
    }

    /** One unit per direction (identity encoder) and a truncating method: the linear-code path. */
    private boolean linearCode() {
        return method().truncates() && serving.config().encoderActivation() == Activation.IDENTITY;
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public int servingLength() {
        return servingLength;
    }

    @Override
    public int capacity() {
        return serving.capacity();
    }

    @Override
    public int inputDim() {
        return inputDim;
    }

    @Override
    public long samplesSeen() {
        return samplesSeen;
    }

    @Override
    public long rollbacks() {
        return rollbacks;
    }

    /** Rows left out of the replay buffer because they held NaN or infinite values. */
    public long skippedRows() {
        return skipped;
    }

    /** The current serving version as a promotion record (decoder slice, blob). */
    @Override
    public Promotion promotion() {
        var state = serving.state();
        return new Promotion(
                version,
                fixedWidth() ? measuredLength : servingLength,
                servingLength,
                serving.capacity(),
                DecoderSlice.of(state, servingLength, options.margin()),
                recentReconstruction,
                recentPush,
                samplesSeen,
                rollbacks,
                new ModelBlob(state, version, servingLength, samplesSeen).toBytes());
    }

    /**
     * Encodes a row-major batch with the serving model; codes are cut to the serving length. Small
     * batches are encoded in plain Java ({@link HostEncoder}): below {@link #HOST_ENCODE_MAX}
     * multiply-adds the engine's fixed cost per call is most of the time.
     */
    @Override
    public EncodedBatch encode(float[] batch, int rows) {
        RowBatches.check(batch, rows, inputDim);
        flops += rows * (double) Flops.forwardPerSample(inputDim, serving.capacity());
        if (HostEncoder.covers(serving.config())
                && HostEncoder.multiplyAdds(rows, inputDim, servingLength) <= HOST_ENCODE_MAX) {
            if (hostEncoderOf != serving) {
                hostEncoder = HostEncoder.of(serving);
                hostEncoderOf = serving;
            }
            float[] errors = new float[rows];
            float[][] codes = hostEncoder.encode(batch, rows, servingLength, errors);
            return new EncodedBatch(version, servingLength, codes, errors);
        }
        int d = serving.capacity();
        float[][] codes = new float[rows][];
        float[] errors = new float[rows];
        try (NDManager m = serving.newInputManager()) {
            NDArray x = serving.upload(batch, rows, m);
            NDArray h = serving.encode(x, m);
            float[] flat = h.toFloatArray();
            NDArray y = serving.decode(h.get(":, 0:" + servingLength), m);
            float[] err = x.sub(y).abs().mean(new int[] {1}).toFloatArray();
            for (int r = 0; r < rows; r++) {
                codes[r] = java.util.Arrays.copyOfRange(flat, r * d, r * d + servingLength);
                errors[r] = err[r];
            }
        }
        return new EncodedBatch(version, servingLength, codes, errors);
    }

    /**
     * Adds records to the replay buffer, takes the training steps that are due, and promotes
     * when due.
     *
     * @return the new version when this call promoted one
     */
    @Override
    public Optional<Promotion> observe(float[] batch, int rows) {
        RowBatches.check(batch, rows, inputDim);
        for (int r = 0; r < rows; r++) {
            if (!RowBatches.finiteRow(batch, r, inputDim)) {
                skipped++; // a non-finite row would make every step that samples it diverge
                continue;
            }
            if ((replayNext + 1) * inputDim > replay.length) { // not full yet: replayNext == replayCount
                int grown = Math.min(options.replayCapacity(), 2 * replay.length / inputDim);
                replay = Arrays.copyOf(replay, grown * inputDim);
            }
            System.arraycopy(batch, r * inputDim, replay, replayNext * inputDim, inputDim);
            replayNext = (replayNext + 1) % options.replayCapacity();
            replayCount = Math.min(replayCount + 1, options.replayCapacity());
        }
        if (replayCount == 0) {
            return Optional.empty();
        }
        samplesSeen += rows;
        if (!warmStarted) {
            // no later than the first promotion would have come (the buffer is not in state, so a
            // stream that fails over often must not wait for more records than it keeps)
            if (replayCount < Math.min(options.warmStartRows(), options.promoteEvery())) {
                return Optional.empty(); // nothing to train from yet that the closed form would not beat
            }
            warmStart();
            warmStarted = true;
            sinceTrain = 0;
            sincePromotion = 0;
            return Optional.of(promote());
        }
        sinceTrain += rows;
        sincePromotion += rows;
        recordsSinceStart += rows;
        int interval = stable() ? options.stableStepInterval() : options.trainEvery();
        while (sinceTrain >= interval) {
            sinceTrain -= interval;
            trainStep();
            steps++;
        }
        if (joint != null) {
            joint.runIfFull(this);
        }
        if (sincePromotion >= options.promoteEvery()) {
            sincePromotion -= options.promoteEvery();
            if (joint != null && joint.hasWaiting(this)) {
                joint.runAll(); // a promotion sees every step its records asked for
            }
            int lengthBefore = servingLength;
            lastWithinTarget = true;
            Promotion p = promote();
            stablePromotions = servingLength == lengthBefore && lastWithinTarget ? stablePromotions + 1 : 0;
            return Optional.of(p);
        }
        return Optional.empty();
    }

    /** Training steps taken since this instance was created or restored. */
    public long trainingSteps() {
        return steps;
    }

    /**
     * Whether the last two promotions served the same length, within the target. Only a model that
     * follows an error target can be stable: a fixed-width one has no target to be within, and at
     * the reduced rate it would simply learn less.
     */
    private boolean stable() {
        return !fixedWidth() && options.followsTarget() && stablePromotions >= 2;
    }

    /**
     * Training steps taken since this instance started training, as a share of the steps {@code
     * trainEvery} would have taken (1 without {@code stableTrainEvery}; NaN before the first).
     */
    @Override
    public double trainingShare() {
        double full = (double) recordsSinceStart / options.trainEvery();
        return full < 1 ? Double.NaN : Math.min(1, steps / full);
    }

    /** Samples a step's batch from the replay buffer; the step runs now, or with others' in {@link #joint}. */
    private void trainStep() {
        int b = Math.min(options.trainBatch(), replayCount);
        flops += Flops.training(inputDim, training.capacity(), b, 1, b);
        float[] x = new float[b * inputDim];
        for (int i = 0; i < b; i++) {
            int row = random.nextInt(replayCount);
            System.arraycopy(replay, row * inputDim, x, i * inputDim, inputDim);
        }
        if (joint != null) {
            joint.add(this, x, b);
        } else {
            finishStep(training.trainStep(x, b));
        }
    }

    /** The model its steps train (for {@link JointTraining}). */
    Autoencoder trainingModel() {
        return training;
    }

    /** What follows a step: a rollback when its loss was not finite, else the reports' averages. */
    void finishStep(StepStats s) {
        if (!s.finite()) {
            rollback();
            return;
        }
        double a = 0.05; // exponential moving averages for reports
        recentReconstruction = Double.isNaN(recentReconstruction)
                ? s.reconstruction()
                : (1 - a) * recentReconstruction + a * s.reconstruction();
        recentPush = Double.isNaN(recentPush) ? s.push() : (1 - a) * recentPush + a * s.push();
    }

    private void rollback() {
        rollbacks++;
        training.close();
        training = serving.copy();
    }

    private Promotion promote() {
        float[] window = recentRecords(Math.min(options.lengthWindow(), replayCount));
        int rows = window.length / inputDim;
        // the window's length measurement (two encodes); the pruning and growth below count their own
        flops += 2.0 * rows * Flops.forwardPerSample(inputDim, training.capacity());
        if (fixedWidth()) { // every unit is served; L is measured for the report only
            measuredLength =
                    Math.max(1, ActiveLength.fromEnergies(energies(training, window, rows), options.tolerance()));
            serving.close();
            serving = training.copy();
            version++;
            return promotion();
        }
        if (linearCode()) {
            return promoteLinear(window, rows);
        }
        double[] energies = energies(training, window, rows);
        training.permuteUnits(ActiveLength.compactionOrder(energies));
        energies = energies(training, window, rows);
        int length = Math.max(1, ActiveLength.fromEnergies(energies, options.tolerance()));
        if (options.errorTolerance() > 0) {
            length = shortestAdequatePrefix(window, rows, length);
        }
        serving.close();
        serving = training.copy();
        version++;
        servingLength = length;
        int d = training.capacity();
        if (!options.followsTarget()) {
            int from = Math.min(length, d);
            training.reseedUnits(from, Math.min(d, from + options.reseedUnits()), random.nextLong(), 1.0);
            return promotion();
        }
        int active; // units the training model goes on with; the rest are switched off
        double error = windowError(window, rows, length);
        double ceiling = options.targetError() * (1 + options.pruneSlack());
        lastWithinTarget = error <= options.targetError();
        // Hysteresis: grow only above the ceiling pruning may reach, prune only at or below the
        // target, hold the width in between. Without the dead band a prune that lands between
        // target and ceiling triggers growth at the next promotion, and L oscillates.
        if (error > ceiling) {
            active = Math.min(d, length + options.reseedUnits());
            int seeded = reseedFromResidual(window, rows, length, length, active);
            training.reseedUnits(seeded, active, random.nextLong(), 1.0); // an odd unit left over
        } else if (error <= options.targetError()) {
            active = pruneWithin(window, rows, length, ceiling);
        } else {
            active = length;
        }
        switchOff(active, d);
        return promotion();
    }

    /** The closed-form start of a linear-code model ({@link ClosedForm}) from the buffer. */
    private void warmStart() {
        ModelState start = closedForm(training.config(), Math.min(training.capacity(), inputDim));
        training.close();
        training = Autoencoder.restore(start, device);
    }

    /**
     * The closed-form model of a block of records with {@code count} units (the rest off): the
     * principal directions through the output sigmoid's slope at the mean, Adam afresh.
     */
    private ModelState closedForm(AutoencoderConfig config, int count) {
        long seed = random.nextLong(); // drawn whether or not the fit below is reused
        if (bufferFit == null || bufferFitAt != samplesSeen || bufferFit.count() < count) {
            int n = inputDim;
            flops += (double) replayCount * n * n + 30.0 * n * n * Math.min(n, count + 10);
            bufferFit = PrincipalDirections.fit(recentRecords(replayCount), replayCount, n, count, seed);
            bufferFitAt = samplesSeen;
        }
        return ClosedForm.of(config, bufferFit, count);
    }

    /**
     * The guard that keeps a linear-code model at least as good as a PCA of its own replay buffer:
     * the closed-form model of the buffer at {@code length} units replaces the training model when
     * its window error is lower (after a shift the gradient has not caught up with yet). Runs before
     * growth seeds new units, so they are seeded on whichever model goes on.
     *
     * @return whether the closed form replaced the training model
     */
    private boolean refitIfBetter(float[] window, int rows, int length) {
        ModelState candidate = closedForm(training.config(), Math.min(length, inputDim));
        try (Autoencoder fitted = Autoencoder.restore(candidate, device)) {
            double trained = windowError(window, rows, length);
            double closed;
            try (NDManager m = fitted.newInputManager()) {
                NDArray x = fitted.upload(window, rows, m);
                flops += rows * (double) Flops.forwardPerSample(inputDim, fitted.capacity());
                closed = options.targetMeasure().of(x, fitted.reconstruct(x, length, m));
            }
            if (!(closed < trained)) {
                return false;
            }
        }
        training.close();
        training = Autoencoder.restore(candidate, device);
        return true;
    }

    /**
     * Unit u from an output-space direction v: decoder row w / |w| with w = v / slope, encoder
     * column {@code gain * |w| * v}, bias {@code -gain * |w| * v.centre}: the unit codes {@code
     * gain * v.(x - centre)} and, through the linearised output, moves the frame along v.
     */
    /** A linear-code promotion (see the class comment). */
    private Promotion promoteLinear(float[] window, int rows) {
        int d = training.capacity();
        centreCodes(window, rows);
        double[] energies = energies(training, window, rows);
        training.permuteUnits(ActiveLength.compactionOrder(energies));
        int length = Math.max(1, ActiveLength.fromEnergies(energies(training, window, rows), options.tolerance()));
        int served = length;
        if (options.followsTarget()) {
            double error = windowError(window, rows, length);
            double ceiling = options.targetError() * (1 + options.pruneSlack());
            int active = length;
            lastWithinTarget = error <= options.targetError();
            if (error > ceiling) { // serve what there is; the new units train until the next version
                refitIfBetter(window, rows, length);
                active = length + seedFromResidual(window, rows, length, d);
            } else if (error <= options.targetError()) {
                served = shortestPrefixWithin(window, rows, length, options.targetError());
                served = reorderIfShorter(window, rows, served);
                active = served;
                refitIfBetter(window, rows, served);
            } else {
                refitIfBetter(window, rows, length);
            }
            switchOff(active, d);
        }
        if (options.alignCodes() && version > 1) { // version 1 is the random start: nothing to align to
            replaceTraining(alignedTo(serving, training, window, rows, served));
        }
        Autoencoder next = training.copy();
        if (pcaFallback()) {
            Autoencoder pca = Autoencoder.restore(linearClosedForm(served), device);
            if (options.alignCodes() && version > 1) {
                ModelState aligned = alignedTo(serving, pca, window, rows, served);
                pca.close();
                pca = Autoencoder.restore(aligned, device);
            }
            if (challenger != null && pcaCodedBetter()) {
                Autoencoder t = next;
                next = pca;
                pca = t;
            }
            if (challenger != null) {
                challenger.close();
            }
            challenger = pca;
        }
        serving.close();
        serving = next;
        version++;
        servingLength = served;
        return promotion();
    }

    /** Whether versions may be PCA's: linear codes through a sigmoid decoder that follow a target. */
    private boolean pcaFallback() {
        return options.pcaFallback() && training.config().outputSigmoid() && options.followsTarget();
    }

    /**
     * Of the served version and its challenger (frozen at the same version), whether the PCA one
     * coded the records since then (which neither saw) with the lower mean absolute error.
     */
    private boolean pcaCodedBetter() {
        int count = (int) Math.min(options.promoteEvery(), replayCount);
        float[] recent = recentRecords(count);
        double servedError = meanAbsoluteError(serving, recent, count, servingLength);
        double challengerError = meanAbsoluteError(challenger, recent, count, servingLength);
        boolean servingIsPca = !serving.config().outputSigmoid();
        double pca = servingIsPca ? servedError : challengerError;
        double trained = servingIsPca ? challengerError : servedError;
        double margin = options.pcaSwitchMargin();
        return servingIsPca ? !(trained < pca * (1 - margin)) : pca < trained * (1 - margin);
    }

    private double meanAbsoluteError(Autoencoder model, float[] data, int rows, int length) {
        flops += rows * (double) (Flops.forwardPerSample(inputDim, model.capacity()) + Flops.errorPerSample(inputDim));
        try (NDManager m = model.newInputManager()) {
            NDArray x = model.upload(data, rows, m);
            return x.sub(model.reconstruct(x, length, m)).abs().mean().getFloat();
        }
    }

    /** The exact PCA of the buffer at {@code count} units as a linear-output model of the same shape. */
    private ModelState linearClosedForm(int count) {
        return closedForm(training.config().toBuilder().outputSigmoid(false).build(), Math.min(count, inputDim));
    }

    /**
     * Tries {@link #orderByContribution} on a copy and keeps it when its shortest prefix within
     * the target is clearly shorter than {@code prefix} (an eighth, at least one unit): that is when
     * the data lost directions the units still share between them (after a drop in complexity).
     * Otherwise the energy-ordered model goes on unchanged.
     *
     * @return the length to serve
     */
    private int reorderIfShorter(float[] window, int rows, int prefix) {
        if (prefix <= 1) {
            return prefix;
        }
        ModelState before = training.state();
        int kept = orderByContribution(window, rows);
        int shorter = kept == 0 ? prefix : shortestPrefixWithin(window, rows, kept, options.targetError());
        if (shorter <= prefix - Math.max(1, prefix / 8)
                && windowError(window, rows, shorter) <= options.targetError()) {
            return shorter;
        }
        replaceTraining(before);
        return prefix;
    }

    /**
     * Re-expresses the active units so that the code's prefixes are the best truncations of what
     * the code contributes to the output ({@link ContributionOrder}); outputs are unchanged, units
     * without variance are switched off.
     *
     * @return the number of active units after the transform
     */
    private int orderByContribution(float[] window, int rows) {
        int n = inputDim;
        int d = training.capacity();
        ModelState s = training.state();
        float[] codes = training.encode(window, rows);
        ContributionOrder order = ContributionOrder.of(codes, rows, d, s.decoderWeight(), n);
        flops += rows * (double) Flops.forwardPerSample(n, d)
                + (order == null ? 0 : ContributionOrder.flops(rows, order.active().length, n));
        if (order == null) {
            return 0;
        }
        // Adam's moments stay as they were: not exact under a non-orthogonal transform, but of the
        // right scale; starting Adam afresh cost more (measured on MNIST, docs/streaming-length.md)
        replaceTraining(new ModelState(
                s.config(),
                order.encoderWeight(s.encoderWeight(), n, d),
                order.encoderBias(s.encoderBias(), d),
                order.decoderWeight(d, n),
                s.decoderBias(),
                s.adamFirst(),
                s.adamSecond(),
                s.steps()));
        return order.kept();
    }

    /**
     * Moves every unit's window mean into the output bias (encoder bias minus the mean code,
     * output pre-activation plus the mean code times the decoder): outputs unchanged, codes
     * centred, so cutting a unit off loses only its variation.
     */
    private void centreCodes(float[] window, int rows) {
        int n = inputDim;
        int d = training.capacity();
        float[] codes = training.encode(window, rows);
        flops += rows * (double) Flops.forwardPerSample(n, d) + 2.0 * d * n;
        double[] mean = new double[d];
        for (int b = 0; b < rows; b++) {
            for (int u = 0; u < d; u++) {
                mean[u] += codes[b * d + u] / (double) rows;
            }
        }
        ModelState s = training.state();
        float[] be = s.encoderBias();
        float[] wd = s.decoderWeight();
        float[] bd = s.decoderBias();
        for (int u = 0; u < d; u++) {
            be[u] -= (float) mean[u];
            for (int i = 0; i < n; i++) {
                bd[i] += (float) (mean[u] * wd[u * n + i]);
            }
        }
        replaceTraining(
                new ModelState(s.config(), s.encoderWeight(), be, wd, bd, s.adamFirst(), s.adamSecond(), s.steps()));
    }

    private void replaceTraining(ModelState state) {
        training.close();
        training = Autoencoder.restore(state, device);
    }

    /** The shortest prefix of the first {@code length} units whose window error is within {@code budget} (binary search). */
    private int shortestPrefixWithin(float[] window, int rows, int length, double budget) {
        try (NDManager m = training.newInputManager()) {
            NDArray x = training.upload(window, rows, m);
            NDArray h = training.encode(x, m);
            flops += rows * (double) Flops.forwardPerSample(inputDim, training.capacity());
            int lo = 1;
            int hi = length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                flops += rows * (double) (Flops.decodePerSample(inputDim, mid) + Flops.errorPerSample(inputDim));
                double e;
                try (NDManager step = m.newSubManager()) {
                    NDArray prefix = h.get(":, 0:" + mid);
                    prefix.attach(step);
                    e = options.targetMeasure().of(x, training.decode(prefix, step));
                }
                if (e <= budget) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            return hi;
        }
    }

    /**
     * Linear-code growth: units [from, to) each take one of the leading principal directions v of
     * the window's residual r = x - y(first {@code from} units), scaled by the regression of v.r
     * on v.x (what of v.x the code does not explain yet), through the output sigmoid's slope at the
     * mean reconstruction.
     */
    private int seedFromResidual(float[] window, int rows, int from, int to) {
        int n = inputDim;
        int d = training.capacity();
        int most = Math.min(to - from, n);
        if (most <= 0 || rows < 2) {
            return 0;
        }
        float[] recon;
        try (NDManager m = training.newInputManager()) {
            recon = training.reconstruct(training.upload(window, rows, m), from, m)
                    .toFloatArray();
        }
        float[] residual = new float[rows * n];
        double[] meanRecon = new double[n];
        double[] meanInput = new double[n];
        for (int b = 0; b < rows; b++) {
            for (int i = 0; i < n; i++) {
                residual[b * n + i] = window[b * n + i] - recon[b * n + i];
                meanRecon[i] += recon[b * n + i] / (double) rows;
                meanInput[i] += window[b * n + i] / (double) rows;
            }
        }
        PrincipalDirections pd = PrincipalDirections.fit(residual, rows, n, most, random.nextLong());
        int k = unitsFor(window, residual, rows, pd, most);
        flops += rows * (double) (Flops.forwardPerSample(n, d) + Flops.decodePerSample(n, from))
                + (double) rows * n * n
                + 30.0 * n * n * Math.min(n, k + 10)
                + 4.0 * k * rows * n;
        boolean sigmoid = training.config().outputSigmoid();
        double[] slope = new double[n];
        for (int i = 0; i < n; i++) {
            double c = Math.min(0.98, Math.max(0.02, meanRecon[i]));
            slope[i] = sigmoid ? c * (1 - c) : 1;
        }
        ModelState s = training.state();
        float[] we = s.encoderWeight();
        float[] be = s.encoderBias();
        float[] wd = s.decoderWeight();
        for (int t = 0; t < k; t++) {
            double[] v = pd.direction(t);
            double sxx = 0;
            double sxr = 0;
            double mx = 0;
            double mr = 0;
            double[] px = new double[rows];
            double[] pr = new double[rows];
            for (int b = 0; b < rows; b++) {
                for (int i = 0; i < n; i++) {
                    px[b] += v[i] * window[b * n + i];
                    pr[b] += v[i] * residual[b * n + i];
                }
                mx += px[b] / rows;
                mr += pr[b] / rows;
            }
            for (int b = 0; b < rows; b++) {
                sxx += (px[b] - mx) * (px[b] - mx);
                sxr += (px[b] - mx) * (pr[b] - mr);
            }
            double gain = sxx > 0 ? Math.max(0, sxr / sxx) : 0;
            int u = from + t;
            java.util.Arrays.fill(be, u, u + 1, 0f);
            for (int i = 0; i < n; i++) {
                we[i * d + u] = 0;
                wd[u * n + i] = 0;
            }
            if (gain > 0) {
                ClosedForm.setUnit(we, be, wd, n, d, u, v, slope, gain, meanInput);
            }
        }
        float[][] m1 = s.adamFirst();
        float[][] m2 = s.adamSecond();
        for (int u = from; u < from + k; u++) {
            zeroMoments(m1, m2, u, n, d);
        }
        replaceTraining(new ModelState(s.config(), we, be, wd, s.decoderBias(), m1, m2, s.steps()));
        return k;
    }

    /**
     * How many residual directions to seed: with an FVU target, the fewest whose variance brings
     * the window's predicted FVU to the target (at least {@code reseedUnits}, so growth is never
     * slower than before); with an MAE target, {@code reseedUnits}.
     */
    private int unitsFor(float[] window, float[] residual, int rows, PrincipalDirections pd, int most) {
        int k = Math.min(most, Math.max(1, options.reseedUnits()));
        if (options.targetMeasure() != ErrorMeasure.FVU) {
            return k;
        }
        int n = inputDim;
        double[] mean = new double[n];
        for (int b = 0; b < rows; b++) {
            for (int i = 0; i < n; i++) {
                mean[i] += window[b * n + i] / (double) rows;
            }
        }
        double total = 0;
        double left = 0;
        for (int b = 0; b < rows; b++) {
            for (int i = 0; i < n; i++) {
                double dx = window[b * n + i] - mean[i];
                total += dx * dx;
                left += (double) residual[b * n + i] * residual[b * n + i];
            }
        }
        int needed = 0;
        while (needed < pd.count() && left > options.targetError() * total) {
            left -= rows * pd.variances()[needed];
            needed++;
        }
        return Math.min(most, Math.max(k, needed));
    }

    /**
     * Rotates the training model's first {@code length} units so that their codes on the window
     * come as close as possible to the serving version's (orthogonal Procrustes): encoder columns
     * and bias by R, decoder rows by R^T, so every output is unchanged; Adam's first moments turn
     * with them, its second moments by R's squares (their expected value under the rotation).
     */
    private ModelState alignedTo(Autoencoder reference, Autoencoder model, float[] window, int rows, int length) {
        int n = inputDim;
        int d = model.capacity();
        int old = servingLength;
        float[] a = prefixCodes(reference.encode(window, rows), rows, d, old);
        float[] b = prefixCodes(model.encode(window, rows), rows, d, length);
        double[] r = Procrustes.rotation(b, length, a, old, rows);
        flops += 2.0 * rows * Flops.forwardPerSample(n, d)
                + 2.0 * rows * length * Math.min(length, old)
                + 40.0 * length * length * length
                + 4.0 * n * length * length;
        ModelState s = model.state();
        float[][] m1 = s.adamFirst();
        float[][] m2 = s.adamSecond();
        float[] we = s.encoderWeight();
        float[] be = s.encoderBias();
        float[] wd = s.decoderWeight();
        Procrustes.rotateColumns(we, n, d, length, r, false);
        Procrustes.rotateColumns(be, 1, d, length, r, false);
        Procrustes.rotateRows(wd, n, length, r, false);
        if (m1.length == 4) {
            Procrustes.rotateColumns(m1[0], n, d, length, r, false);
            Procrustes.rotateColumns(m1[1], 1, d, length, r, false);
            Procrustes.rotateRows(m1[2], n, length, r, false);
            Procrustes.rotateColumns(m2[0], n, d, length, r, true);
            Procrustes.rotateColumns(m2[1], 1, d, length, r, true);
            Procrustes.rotateRows(m2[2], n, length, r, true);
        }
        return (new ModelState(s.config(), we, be, wd, s.decoderBias(), m1, m2, s.steps()));
    }

    private static float[] prefixCodes(float[] codes, int rows, int d, int length) {
        float[] out = new float[rows * length];
        for (int b = 0; b < rows; b++) {
            System.arraycopy(codes, b * d, out, b * length, length);
        }
        return out;
    }

    private boolean[] firstUnits(int length) {
        boolean[] keep = new boolean[training.capacity()];
        java.util.Arrays.fill(keep, 0, length, true);
        return keep;
    }

    /** Window error (the target's measure) of the training model with its codes cut to the first {@code length} units. */
    private double windowError(float[] window, int rows, int length) {
        try (NDManager m = training.newInputManager()) {
            NDArray x = training.upload(window, rows, m);
            flops += rows * (double) Flops.forwardPerSample(inputDim, training.capacity());
            return maskedError(x, training.encode(x, m), firstUnits(length), m);
        }
    }

    private double maskedError(NDArray x, NDArray h, boolean[] keep, NDManager m) {
        int d = keep.length;
        flops += x.getShape().get(0)
                * (double) (d + Flops.decodePerSample(inputDim, d) + Flops.errorPerSample(inputDim));
        try (NDManager step = m.newSubManager()) {
            float[] mask = new float[keep.length];
            for (int j = 0; j < keep.length; j++) {
                mask[j] = keep[j] ? 1f : 0f;
            }
            NDArray masked = h.mul(step.create(mask));
            return options.targetMeasure().of(x, training.decode(masked, step));
        }
    }

    /**
     * Greedy pruning: while some unit of the first {@code length} can be dropped with the window
     * MAE staying at most {@code budget}, drops the one whose removal costs least (no re-fit in
     * between, so the estimate is conservative). The kept units are moved to the front (order
     * kept, outputs unchanged); returns how many were kept. The caller switches off the rest.
     */
    private int pruneWithin(float[] window, int rows, int length, double budget) {
        boolean[] keep = firstUnits(length);
        int kept = length;
        try (NDManager m = training.newInputManager()) {
            NDArray x = training.upload(window, rows, m);
            NDArray h = training.encode(x, m);
            flops += rows * (double) Flops.forwardPerSample(inputDim, training.capacity());
            while (kept > 1) {
                int best = -1;
                double bestErr = Double.POSITIVE_INFINITY;
                for (int j = 0; j < length; j++) {
                    if (!keep[j]) {
                        continue;
                    }
                    keep[j] = false;
                    double e = maskedError(x, h, keep, m);
                    keep[j] = true;
                    if (e < bestErr) {
                        bestErr = e;
                        best = j;
                    }
                }
                if (!(bestErr <= budget)) {
                    break;
                }
                keep[best] = false;
                kept--;
            }
        }
        if (kept == length) {
            return length;
        }
        int[] order = new int[training.capacity()];
        int next = 0;
        for (int j = 0; j < order.length; j++) {
            if (j < length && keep[j]) {
                order[next++] = j;
            }
        }
        for (int j = 0; j < order.length; j++) {
            if (!(j < length && keep[j])) {
                order[next++] = j;
            }
        }
        training.permuteUnits(order);
        return kept;
    }

    /**
     * Switches units [from, to) of the training model off: zero encoder column and Adam moments,
     * bias -1, so the ReLU pre-activation is -1 for every input, the unit outputs exactly zero and
     * receives no gradient until it is re-seeded.
     */
    private void switchOff(int from, int to) {
        if (from >= to) {
            return;
        }
        int n = inputDim;
        int d = training.capacity();
        ModelState s = training.state();
        float[] we = s.encoderWeight();
        float[] be = s.encoderBias();
        float[][] m1 = s.adamFirst();
        float[][] m2 = s.adamSecond();
        float[] wd = s.decoderWeight();
        boolean linear = linearCode();
        for (int u = from; u < to; u++) {
            for (int i = 0; i < n; i++) {
                we[i * d + u] = 0;
                if (linear) { // an identity unit is exactly zero with no gradient only if its decoder row is zero too
                    wd[u * n + i] = 0;
                }
            }
            be[u] = linear ? 0 : -1;
            zeroMoments(m1, m2, u, n, d);
        }
        AutoencoderConfig config = training.config();
        training.close();
        training = Autoencoder.restore(new ModelState(config, we, be, wd, s.decoderBias(), m1, m2, s.steps()), device);
    }

    private static void zeroMoments(float[][] m1, float[][] m2, int u, int n, int d) {
        if (m1.length == 0) {
            return;
        }
        for (int i = 0; i < n; i++) {
            m1[0][i * d + u] = 0;
            m2[0][i * d + u] = 0;
            m1[2][u * n + i] = 0;
            m2[2][u * n + i] = 0;
        }
        m1[1][u] = 0;
        m2[1][u] = 0;
    }

    /**
     * Seeds units [from, to) in pairs from the window's residual r = x - y(h truncated to length):
     * for each of its leading principal directions v (power iteration, then deflation), unit a gets
     * encoder column v, bias -mean(v.x) and decoder row v, unit b the same with -v. Together they
     * add (v.x - mean(v.x)) v to the pre-sigmoid output, split into its positive and negative
     * halves as ReLU units must; the gradient then scales them to what the residual needs. Adam
     * moments of the seeded units are zeroed.
     *
     * @return the first unit not seeded (from + 2 * pairs); the caller seeds the rest at random
     */
    private int reseedFromResidual(float[] window, int rows, int length, int from, int to) {
        int pairs = (to - from) / 2;
        if (pairs == 0 || rows < 2) {
            return from;
        }
        int n = inputDim;
        int d = training.capacity();
        float[] recon;
        try (NDManager m = training.newInputManager()) {
            NDArray x = training.upload(window, rows, m);
            recon = training.reconstruct(x, length, m).toFloatArray();
        }
        // the reconstruction, the residual's mean and covariance, and per pair 100 power
        // iterations, the mean projection and the deflation
        flops += rows * (double) (Flops.forwardPerSample(n, d) + Flops.decodePerSample(n, length))
                + rows * (3.0 * n + 2.0 * n * n)
                + pairs * (100.0 * (2.0 * n * n + 3.0 * n) + 2.0 * rows * n + 5.0 * n * n);
        double[] cov = new double[n * n];
        double[] mean = new double[n];
        double[] r = new double[rows * n];
        for (int b = 0; b < rows; b++) {
            for (int i = 0; i < n; i++) {
                r[b * n + i] = window[b * n + i] - recon[b * n + i];
                mean[i] += r[b * n + i] / rows;
            }
        }
        for (int b = 0; b < rows; b++) {
            for (int i = 0; i < n; i++) {
                r[b * n + i] -= mean[i];
            }
            for (int i = 0; i < n; i++) {
                double ri = r[b * n + i];
                for (int j = 0; j < n; j++) {
                    cov[i * n + j] += ri * r[b * n + j] / rows;
                }
            }
        }
        ModelState s = training.state();
        float[] we = s.encoderWeight();
        float[] be = s.encoderBias();
        float[] wd = s.decoderWeight();
        float[][] m1 = s.adamFirst();
        float[][] m2 = s.adamSecond();
        int seeded = from;
        for (int t = 0; t < pairs; t++) {
            double[] v = topEigenvector(cov, n);
            if (v == null) {
                break;
            }
            double meanProjection = 0;
            for (int b = 0; b < rows; b++) {
                for (int i = 0; i < n; i++) {
                    meanProjection += window[b * n + i] * v[i] / rows;
                }
            }
            for (int sign = 1, u = seeded; u < seeded + 2; u++, sign = -sign) {
                for (int i = 0; i < n; i++) {
                    we[i * d + u] = (float) (sign * v[i]);
                    wd[u * n + i] = (float) (sign * v[i]);
                }
                be[u] = (float) (-sign * meanProjection);
                zeroMoments(m1, m2, u, n, d);
            }
            seeded += 2;
            // deflate: cov -= lambda v v^T
            double eig = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    eig += v[i] * cov[i * n + j] * v[j];
                }
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    cov[i * n + j] -= eig * v[i] * v[j];
                }
            }
        }
        if (seeded > from) {
            AutoencoderConfig config = training.config();
            training.close();
            training =
                    Autoencoder.restore(new ModelState(config, we, be, wd, s.decoderBias(), m1, m2, s.steps()), device);
        }
        return seeded;
    }

    /** Leading eigenvector of a symmetric PSD n x n matrix by power iteration; null if it is ~0. */
    private double[] topEigenvector(double[] a, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextDouble() - 0.5;
        }
        double norm = 0;
        for (int it = 0; it < 100; it++) {
            double[] w = new double[n];
            for (int i = 0; i < n; i++) {
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    sum += a[i * n + j] * v[j];
                }
                w[i] = sum;
            }
            norm = 0;
            for (double x : w) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            if (!(norm > 1e-20)) {
                return null;
            }
            for (int i = 0; i < n; i++) {
                v[i] = w[i] / norm;
            }
        }
        return v;
    }

    /**
     * The shortest prefix l <= upTo whose reconstruction error on the window is within
     * (1 + errorTolerance) of the error with the full code.
     */
    private int shortestAdequatePrefix(float[] window, int rows, int upTo) {
        try (NDManager m = training.newInputManager()) {
            NDArray x = training.upload(window, rows, m);
            NDArray h = training.encode(x, m);
            double full = x.sub(training.decode(h, m)).abs().mean().getFloat();
            double budget = full * (1 + options.errorTolerance());
            int d = training.capacity();
            flops += rows
                    * (double) (Flops.forwardPerSample(inputDim, d)
                            + Flops.decodePerSample(inputDim, d)
                            + Flops.errorPerSample(inputDim));
            for (int l = 1; l < upTo; l++) {
                flops += rows * (double) (Flops.decodePerSample(inputDim, l) + Flops.errorPerSample(inputDim));
                try (NDManager step = m.newSubManager()) {
                    NDArray prefix = h.get(":, 0:" + l);
                    prefix.attach(step);
                    if (x.sub(training.decode(prefix, step)).abs().mean().getFloat() <= budget) {
                        return l;
                    }
                }
            }
            return upTo;
        }
    }

    private static double[] energies(Autoencoder model, float[] window, int rows) {
        float[] codes = model.encode(window, rows);
        return ActiveLength.energies(codes, rows, model.capacity(), model.decoderNorms());
    }

    private float[] recentRecords(int count) {
        float[] out = new float[count * inputDim];
        for (int i = 0; i < count; i++) {
            int row = Math.floorMod(replayNext - 1 - i, options.replayCapacity());
            System.arraycopy(replay, row * inputDim, out, i * inputDim, inputDim);
        }
        return out;
    }

    /** The device the models live on. */
    public Device device() {
        return device;
    }

    @Override
    public void close() {
        if (joint != null) {
            joint.forget(this);
        }
        serving.close();
        training.close();
        if (challenger != null) {
            challenger.close();
        }
    }
}
