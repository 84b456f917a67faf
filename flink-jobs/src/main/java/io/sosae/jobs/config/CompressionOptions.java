package io.sosae.jobs.config;

import io.sosae.model.codec.CodeEncoding;
import io.sosae.model.core.Method;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Every option of the compression job, with its one default. The keys are the job's command-line
 * names ({@code --capacity 64}, {@code --max-wait 200ms}) and the {@code sosae demo} options of the
 * same meaning use the same names. {@link CompressionConfig} reads and validates them.
 *
 * <p>The streaming defaults were calibrated on the sensor simulator's 4 -> 16 -> 6 schedule and
 * checked on the comparison's MNIST and weather streams (docs/streaming-length.md, "Linear codes":
 * linear codes with an FVU target of 0.05 settle at the dimension of every regime); push lambda 3e-4
 * / alpha 0.05 and Adam 3e-3 are the ReLU model's calibration on 64-channel sensor streams, kept
 * for the linear one.
 */
public final class CompressionOptions {
    private CompressionOptions() {}

    // --- the model ---

    public static final ConfigOption<Method> METHOD = ConfigOptions.key("method")
            .enumType(Method.class)
            .defaultValue(Method.SOSAE)
            .withDescription(
                    "Compression method: SOSAE (length follows the data); the fixed-width autoencoders AE, L1, L2,"
                            + " KSPARSE, CAE, CKSPARSE, DAE; PCA (streaming PCA with an adaptive rank); GRID or RANDOM (a"
                            + " plain AE whose width a grid or random search over a window of the stream chose); GA (a"
                            + " dense AE evolved by a mutation-only genetic algorithm); ARCH (an AE whose widths a gated"
                            + " sparsity search prunes).");
    public static final ConfigOption<Integer> INPUT_DIM = ConfigOptions.key("input-dim")
            .intType()
            .noDefaultValue()
            .withDescription("Values per frame (required). Frames of another width are dead-lettered.");
    public static final ConfigOption<Integer> CAPACITY = ConfigOptions.key("capacity")
            .intType()
            .defaultValue(64)
            .withDescription("Code units of the model: the longest code (for PCA: the most components).");
    public static final ConfigOption<Double> PUSH_LAMBDA = ConfigOptions.key("push-lambda")
            .doubleType()
            .defaultValue(3e-4)
            .withDescription("SOSAE push strength lambda.");
    public static final ConfigOption<Double> PUSH_ALPHA = ConfigOptions.key("push-alpha")
            .doubleType()
            .defaultValue(0.05)
            .withDescription("SOSAE push base alpha: unit k is weighted (1 + alpha)^k.");
    public static final ConfigOption<Double> LEARNING_RATE = ConfigOptions.key("learning-rate")
            .doubleType()
            .defaultValue(3e-3)
            .withDescription("Adam step size of the autoencoders.");
    public static final ConfigOption<Long> MODEL_SEED = ConfigOptions.key("model-seed")
            .longType()
            .defaultValue(42L)
            .withDescription("Initialisation seed of a new stream's model.");

    // --- continual training ---

    public static final ConfigOption<Integer> TRAIN_BATCH = ConfigOptions.key("train-batch")
            .intType()
            .defaultValue(64)
            .withDescription("Rows drawn from the replay buffer per training step.");
    public static final ConfigOption<Integer> TRAIN_EVERY = ConfigOptions.key("train-every")
            .intType()
            .defaultValue(2)
            .withDescription("One training step per this many records.");
    public static final ConfigOption<Integer> STABLE_TRAIN_EVERY = ConfigOptions.key("stable-train-every")
            .intType()
            .defaultValue(8)
            .withDescription("Once a SOSAE model is stable (its last two versions served the same length within the"
                    + " error target), one training step per this many records instead of --train-every (never more"
                    + " often); a length change or an error above the target brings the full rate back. 0 = always"
                    + " --train-every. The share of steps taken is the trainingShare gauge.");
    public static final ConfigOption<Integer> REPLAY_CAPACITY = ConfigOptions.key("replay-capacity")
            .intType()
            .defaultValue(2048)
            .withDescription("Most recent records kept per stream for training.");
    public static final ConfigOption<Integer> PROMOTE_EVERY = ConfigOptions.key("promote-every")
            .intType()
            .defaultValue(500)
            .withDescription("Records between model versions (a decoder snapshot and a length report each).");
    public static final ConfigOption<Integer> LENGTH_WINDOW = ConfigOptions.key("length-window")
            .intType()
            .defaultValue(512)
            .withDescription("Most recent records whose codes measure the active length at a promotion.");
    public static final ConfigOption<Integer> MARGIN = ConfigOptions.key("margin")
            .intType()
            .defaultValue(0)
            .withDescription("Decoder columns shipped past the active length in a snapshot.");
    public static final ConfigOption<Integer> RESEED_UNITS = ConfigOptions.key("reseed-units")
            .intType()
            .defaultValue(4)
            .withDescription("SOSAE: units past L re-seeded at a promotion so the code can grow back.");
    public static final ConfigOption<Double> TOLERANCE = ConfigOptions.key("tolerance")
            .doubleType()
            .defaultValue(1e-3)
            .withDescription("Active length: the share of code energy the cut tail may hold.");
    public static final ConfigOption<Long> STREAM_SEED = ConfigOptions.key("stream-seed")
            .longType()
            .defaultValue(17L)
            .withDescription("Seed of replay sampling and re-seeding.");
    public static final ConfigOption<Double> ERROR_TOLERANCE = ConfigOptions.key("error-tolerance")
            .doubleType()
            .defaultValue(0.0)
            .withDescription("0: energy rule only; above 0: L is the shortest prefix within (1 + this) "
                    + "of the full code's error.");
    public static final ConfigOption<Double> TARGET_ERROR = ConfigOptions.key("target-error")
            .doubleType()
            .defaultValue(0.05)
            .withDescription("SOSAE: the window error the code length follows, in --target-measure (default: 5% of "
                    + "the variance unexplained); 0 lets the push loss alone decide L.");
    public static final ConfigOption<io.sosae.model.stream.ErrorMeasure> TARGET_MEASURE = ConfigOptions.key(
                    "target-measure")
            .enumType(io.sosae.model.stream.ErrorMeasure.class)
            .defaultValue(io.sosae.model.stream.ErrorMeasure.FVU)
            .withDescription("SOSAE: what --target-error is measured in: FVU (fraction of variance unexplained,"
                    + " the same on every data scale) or MAE (mean absolute error, in the data's units).");
    public static final ConfigOption<io.sosae.model.core.Activation> CODE_ACTIVATION = ConfigOptions.key(
                    "code-activation")
            .enumType(io.sosae.model.core.Activation.class)
            .defaultValue(io.sosae.model.core.Activation.IDENTITY)
            .withDescription("SOSAE: the code's activation. IDENTITY (linear codes: one unit per direction, a"
                    + " closed-form start, versions aligned to each other) or RELU (the paper's sparse codes).");
    public static final ConfigOption<Boolean> OUTPUT_SIGMOID = ConfigOptions.key("output-sigmoid")
            .booleanType()
            .defaultValue(true)
            .withDescription("SOSAE and the fixed-width autoencoders: pass reconstructions through a sigmoid (data"
                    + " scaled to [0, 1]); false for linear outputs, which reconstruct data of any scale.");
    public static final ConfigOption<Integer> WARM_START = ConfigOptions.key("warm-start")
            .intType()
            .defaultValue(256)
            .withDescription("SOSAE with linear codes: records after which a new stream's model is set to their"
                    + " principal directions and promoted; 0 trains from the random start.");
    public static final ConfigOption<Boolean> ALIGN_CODES = ConfigOptions.key("align-codes")
            .booleanType()
            .defaultValue(true)
            .withDescription("SOSAE with linear codes: rotate each new version's code into the previous"
                    + " version's coordinates (outputs unchanged), so codes stay usable across versions.");
    public static final ConfigOption<Boolean> PCA_FALLBACK = ConfigOptions.key("pca-fallback")
            .booleanType()
            .defaultValue(true)
            .withDescription("SOSAE with linear codes and sigmoid outputs: keep the exact PCA of the replay buffer"
                    + " beside the trained model and serve, at each version, the kind that coded the last"
                    + " interval better (a version may then have linear outputs); false serves the trained model"
                    + " always.");
    public static final ConfigOption<Double> PCA_SWITCH_MARGIN = ConfigOptions.key("pca-switch-margin")
            .doubleType()
            .defaultValue(io.sosae.model.stream.StreamOptions.DEFAULT_PCA_SWITCH_MARGIN)
            .withDescription("With --pca-fallback: the share in [0, 1) by which the other kind (trained or PCA)"
                    + " must beat the served one on the last interval before a version switches to it.");
    public static final ConfigOption<Double> PRUNE_SLACK = ConfigOptions.key("prune-slack")
            .doubleType()
            .defaultValue(0.5)
            .withDescription("SOSAE: how far above the target error pruning may go (0.5 = 50%).");

    // --- streaming PCA ---

    public static final ConfigOption<Double> PCA_LOW_ENERGY = ConfigOptions.key("pca-low-energy")
            .doubleType()
            .defaultValue(0.95)
            .withDescription("PCA: grow the rank when it retains less than this share of variance.");
    public static final ConfigOption<Double> PCA_HIGH_ENERGY = ConfigOptions.key("pca-high-energy")
            .doubleType()
            .defaultValue(0.98)
            .withDescription("PCA: shrink the rank when one component fewer retains more than this.");
    public static final ConfigOption<Integer> PCA_HALF_LIFE = ConfigOptions.key("pca-half-life")
            .intType()
            .defaultValue(2000)
            .withDescription("PCA: records after which an observation's weight has halved.");

    // --- hidden-size search (GRID, RANDOM) ---

    public static final ConfigOption<Integer> SEARCH_WINDOW = ConfigOptions.key("search-window")
            .intType()
            .defaultValue(1024)
            .withDescription("GRID/RANDOM: rows of the stream one width search trains on.");
    public static final ConfigOption<Integer> SEARCH_EPOCHS = ConfigOptions.key("search-epochs")
            .intType()
            .defaultValue(5)
            .withDescription("GRID/RANDOM: epochs of each candidate on the window.");
    public static final ConfigOption<Integer> SEARCH_GRID_STEP = ConfigOptions.key("search-grid-step")
            .intType()
            .defaultValue(8)
            .withDescription("GRID: candidate widths step, 2 step, ... up to the capacity.");
    public static final ConfigOption<Integer> SEARCH_RANDOM_COUNT = ConfigOptions.key("search-random-count")
            .intType()
            .defaultValue(8)
            .withDescription("RANDOM: candidate widths drawn from [1, capacity].");
    public static final ConfigOption<Double> SEARCH_TOLERANCE = ConfigOptions.key("search-tolerance")
            .doubleType()
            .defaultValue(0.05)
            .withDescription(
                    "GRID/RANDOM: the smallest width within this share of the best " + "validation error is chosen.");
    public static final ConfigOption<Double> SEARCH_DRIFT = ConfigOptions.key("search-drift")
            .doubleType()
            .defaultValue(0.5)
            .withDescription("GRID/RANDOM: search again when the serving error exceeds the chosen "
                    + "width's validation error by this share.");

    // --- drift alerts ---

    public static final ConfigOption<Integer> DRIFT_WARMUP = ConfigOptions.key("drift-warmup")
            .intType()
            .defaultValue(10)
            .withDescription("Length reports of a model key skipped before drift is tested (a new model's"
                    + " length and error fall while it learns).");
    public static final ConfigOption<Double> DRIFT_DELTA = ConfigOptions.key("drift-delta")
            .doubleType()
            .defaultValue(0.05)
            .withDescription("Page-Hinkley tolerance per report, relative to the signal's level.");
    public static final ConfigOption<Double> DRIFT_THRESHOLD = ConfigOptions.key("drift-threshold")
            .doubleType()
            .defaultValue(0.5)
            .withDescription("Page-Hinkley threshold: the cumulative change, relative to the signal's level, that"
                    + " raises a drift alert.");
    public static final ConfigOption<Integer> DRIFT_MIN_REPORTS = ConfigOptions.key("drift-min-reports")
            .intType()
            .defaultValue(3)
            .withDescription("Reports after a reset that only build the new reference level.");

    // --- the operator ---

    public static final ConfigOption<CodeEncoding> ENCODING = ConfigOptions.key("encoding")
            .enumType(CodeEncoding.class)
            .defaultValue(CodeEncoding.RICE)
            .withDescription("How code values are packed: FLOAT32, FLOAT16, INT8 (one scale a code) or RICE"
                    + " (quantised by --quantisation-share, per-unit steps, Rice coded: the fewest bytes).");
    public static final ConfigOption<Double> QUANTISATION_SHARE = ConfigOptions.key("quantisation-share")
            .doubleType()
            .defaultValue(0.01)
            .withDescription("RICE codes: the share by which quantisation may raise a code's reconstruction error"
                    + " (0.01 = 1% more); a larger share gives fewer bytes.");
    public static final ConfigOption<String> DEVICE = ConfigOptions.key("device")
            .stringType()
            .defaultValue("auto")
            .withDescription("Where models train: auto, cpu, gpu or gpu:N.");
    public static final ConfigOption<Integer> BATCH_SIZE =
            ConfigOptions.key("batch-size").intType().defaultValue(32).withDescription("Frames per micro-batch.");
    public static final ConfigOption<Duration> MAX_WAIT = ConfigOptions.key("max-wait")
            .durationType()
            .defaultValue(Duration.ofMillis(200))
            .withDescription("Longest a frame waits for its micro-batch to fill (e.g. 200ms, 1s).");
    public static final ConfigOption<Integer> MAX_VALUES = ConfigOptions.key("max-values")
            .intType()
            .defaultValue(4096)
            .withDescription("Frames with more values are dead-lettered as OVERSIZED (at least input-dim).");
    public static final ConfigOption<Integer> TORCH_THREADS = ConfigOptions.key("torch-threads")
            .intType()
            .defaultValue(0)
            .withDescription("PyTorch threads per TaskManager JVM (0 = DJL's default); takes effect only "
                    + "if this operator loads the engine first in that JVM. Never more than the slot's cores.");
    public static final ConfigOption<Integer> MAX_KEY_METRICS = ConfigOptions.key("max-key-metrics")
            .intType()
            .defaultValue(100)
            .withDescription("Model keys per subtask that get their own metric group (the first to arrive);"
                    + " every key counts in the subtask's aggregate gauges (keysWithOwnMetrics, mean/max emitted"
                    + " length and error), so the number of series stays bounded with thousands of keys.");
    public static final ConfigOption<Integer> MAX_LIVE_MODELS = ConfigOptions.key("max-live-models")
            .intType()
            .defaultValue(1000)
            .withDescription("Models a subtask keeps in memory; the least recently used beyond this rest in keyed"
                    + " state (their last version) and are restored when their key comes back, without what they"
                    + " learnt since that version.");
    public static final ConfigOption<Integer> TRAIN_TOGETHER = ConfigOptions.key("train-together")
            .intType()
            .defaultValue(16)
            .withDescription("Models of one shape (SOSAE family) whose training steps a subtask takes together,"
                    + " stacked into one batched step (each model's step is the one it would take alone); steps wait"
                    + " until this many models have some, or a model promotes. Codes never wait. 1: every model"
                    + " steps alone.");
    public static final ConfigOption<Duration> STATE_TTL = ConfigOptions.key("state-ttl")
            .durationType()
            .defaultValue(Duration.ZERO)
            .withDescription("Keys that send no frame for this long (processing time, e.g. 7d) lose their model and"
                    + " state; one that comes back starts a new model whose versions continue after the last one it"
                    + " published; its drift tests go after as long without a length report. 0 = never. Must be longer than"
                    + " --max-wait.");
    public static final ConfigOption<String> SHARED_MODEL_KEY = ConfigOptions.key("shared-model-key")
            .stringType()
            .noDefaultValue()
            .withDescription("Unset: one model per streamId. Set: every frame goes to this one model.");

    /** Every option above (read from this class, so a new option cannot be forgotten here). */
    public static List<ConfigOption<?>> all() {
        List<ConfigOption<?>> options = new java.util.ArrayList<>();
        for (java.lang.reflect.Field f : CompressionOptions.class.getFields()) {
            if (java.lang.reflect.Modifier.isStatic(f.getModifiers()) && f.getType() == ConfigOption.class) {
                try {
                    options.add((ConfigOption<?>) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return options;
    }
}
