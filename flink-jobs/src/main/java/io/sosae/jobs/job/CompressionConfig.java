package io.sosae.jobs.job;

import io.sosae.model.codec.CodeEncoding;
import io.sosae.model.core.AutoencoderConfig;
import io.sosae.model.core.Method;
import io.sosae.model.eval.MethodPresets;
import io.sosae.model.loss.Regularizer;
import io.sosae.model.length.ActiveLength;
import io.sosae.model.stream.StreamOptions;
import java.io.Serializable;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything the SOSAE compression job needs to know about its model and its micro-batching, as
 * one immutable, serializable value (it travels inside the operator to the task managers).
 *
 * <p>Model: a SOSAE of {@code inputDim -> capacity} (ReLU encoder, sigmoid decoder, MAE, unit-norm
 * decoder columns, push regulariser {@code lambda * sum_k (1+alpha)^k |h_k|}, Adam at
 * {@code learningRate}). Streaming: the {@link StreamOptions} fields. Operator: micro-batches of
 * {@code batchSize} frames, flushed at the latest {@code maxWait} after their first frame; codes
 * packed with {@code encoding}; models on {@code device} ("auto", "cpu", "gpu", "gpu:N").
 *
 * <p>{@code torchThreads}: PyTorch intra-op threads per TaskManager JVM (0 = leave DJL's setting).
 * DJL reads the system property {@code ai.djl.pytorch.num_threads} once, when the PyTorch engine
 * loads, so it only takes effect if this operator is the first user of the engine in that JVM; on a
 * cluster prefer {@code -Dai.djl.pytorch.num_threads=<cores per TaskManager / slots>} in
 * {@code env.java.opts.taskmanager}. Never more threads than cores: spinning OpenMP threads
 * collapse throughput under contention (DESIGN.md section 8).
 *
 * @param sharedModelKey null: one model per streamId (the default); otherwise every frame goes to
 *     the one model of this key
 */
public record CompressionConfig(
        int inputDim,
        int capacity,
        double pushLambda,
        double pushAlpha,
        double learningRate,
        long modelSeed,
        int trainBatch,
        int trainEvery,
        int replayCapacity,
        int promoteEvery,
        int lengthWindow,
        int margin,
        int reseedUnits,
        double tolerance,
        long streamSeed,
        double errorTolerance,
        double targetError,
        double pruneSlack,
        CodeEncoding encoding,
        String device,
        int batchSize,
        long maxWaitMillis,
        int maxValues,
        int torchThreads,
        String sharedModelKey) implements Serializable {

    private static final long serialVersionUID = 1L;

    public CompressionConfig {
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(device, "device");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        if (maxWaitMillis < 1) {
            throw new IllegalArgumentException("maxWait must be >= 1 ms, was " + maxWaitMillis);
        }
        if (maxValues < inputDim) {
            throw new IllegalArgumentException("maxValues " + maxValues + " < inputDim " + inputDim);
        }
        if (torchThreads < 0) {
            throw new IllegalArgumentException("torchThreads must be >= 0 (0 = DJL default), was " + torchThreads);
        }
        if (sharedModelKey != null && sharedModelKey.isBlank()) {
            throw new IllegalArgumentException("sharedModelKey must not be blank (null: one model per stream)");
        }
    }

    public static Builder builder(int inputDim) {
        return new Builder(inputDim);
    }

    /** The model's configuration (SOSAE with push regulariser and unit-norm decoder columns). */
    public AutoencoderConfig toAutoencoderConfig() {
        return MethodPresets.base(inputDim, capacity, modelSeed)
                .method(Method.SOSAE)
                .regularizer(new Regularizer.Push(pushLambda, pushAlpha))
                .unitNormDecoder(true)
                .learningRate(learningRate)
                .build();
    }

    public StreamOptions toStreamOptions() {
        return new StreamOptions(trainBatch, trainEvery, replayCapacity, promoteEvery, lengthWindow, margin,
                reseedUnits, tolerance, streamSeed, errorTolerance, targetError, pruneSlack);
    }

    public Duration maxWait() {
        return Duration.ofMillis(maxWaitMillis);
    }

    public Builder toBuilder() {
        Builder b = new Builder(inputDim);
        b.capacity = capacity;
        b.pushLambda = pushLambda;
        b.pushAlpha = pushAlpha;
        b.learningRate = learningRate;
        b.modelSeed = modelSeed;
        b.trainBatch = trainBatch;
        b.trainEvery = trainEvery;
        b.replayCapacity = replayCapacity;
        b.promoteEvery = promoteEvery;
        b.lengthWindow = lengthWindow;
        b.margin = margin;
        b.reseedUnits = reseedUnits;
        b.tolerance = tolerance;
        b.streamSeed = streamSeed;
        b.errorTolerance = errorTolerance;
        b.targetError = targetError;
        b.pruneSlack = pruneSlack;
        b.encoding = encoding;
        b.device = device;
        b.batchSize = batchSize;
        b.maxWaitMillis = maxWaitMillis;
        b.maxValues = maxValues;
        b.torchThreads = torchThreads;
        b.sharedModelKey = sharedModelKey;
        return b;
    }

    /**
     * Defaults for small sensor streams: capacity 64, push lambda 3e-4 / alpha 0.05, Adam 1e-2,
     * StreamOptions.defaults() for the rest, FLOAT32 codes, batches of 32 frames or 200 ms, device
     * auto. Model values picked on SensorStreamSimulator (64 channels, intrinsic dimension 6, 1500
     * frames, promotions every 400): serving MAE about 0.035 at L = 13, where lambda 1e-3 / Adam 3e-3
     * cut L to 9 at MAE 0.068 and lambda 1e-4 kept L at 23-25 for the same error.
     */
    public static final class Builder {
        private final int inputDim;
        private int capacity = 64;
        private double pushLambda = 3e-4;
        private double pushAlpha = 0.05;
        private double learningRate = 3e-3;
        private long modelSeed = 42;
        private int trainBatch;
        private int trainEvery;
        private int replayCapacity;
        private int promoteEvery;
        private int lengthWindow;
        private int margin;
        private int reseedUnits;
        private double tolerance = ActiveLength.DEFAULT_TOLERANCE;
        private long streamSeed;
        private double errorTolerance;
        private double targetError;
        private double pruneSlack;
        private CodeEncoding encoding = CodeEncoding.FLOAT32;
        private String device = "auto";
        private int batchSize = 32;
        private long maxWaitMillis = 200;
        private int maxValues = 4096;
        private int torchThreads;
        private String sharedModelKey;

        private Builder(int inputDim) {
            this.inputDim = inputDim;
            StreamOptions d = StreamOptions.defaults();
            trainBatch = d.trainBatch();
            trainEvery = d.trainEvery();
            replayCapacity = d.replayCapacity();
            promoteEvery = d.promoteEvery();
            lengthWindow = d.lengthWindow();
            margin = d.margin();
            reseedUnits = d.reseedUnits();
            tolerance = d.tolerance();
            streamSeed = d.seed();
            errorTolerance = d.errorTolerance();
            targetError = d.targetError();
            pruneSlack = d.pruneSlack();
            // Streaming defaults calibrated on the sensor simulator's 4 -> 16 -> 6 schedule
            // (docs/streaming-length.md): the served error is held near targetError, growing units
            // from the residual when above it and pruning when below. targetError is an absolute
            // MAE on [0, 1] data; set 0 to let the push loss alone decide L (e.g. for images).
            trainEvery = 2;
            replayCapacity = 2048;
            promoteEvery = 500;
            lengthWindow = 512;
            reseedUnits = 4;
            targetError = 0.035;
            pruneSlack = 0.5;
            maxValues = Math.max(maxValues, inputDim);
        }

        public Builder capacity(int v) { capacity = v; return this; }
        public Builder pushLambda(double v) { pushLambda = v; return this; }
        public Builder pushAlpha(double v) { pushAlpha = v; return this; }
        public Builder learningRate(double v) { learningRate = v; return this; }
        public Builder modelSeed(long v) { modelSeed = v; return this; }
        public Builder trainBatch(int v) { trainBatch = v; return this; }
        public Builder trainEvery(int v) { trainEvery = v; return this; }
        public Builder replayCapacity(int v) { replayCapacity = v; return this; }
        public Builder promoteEvery(int v) { promoteEvery = v; return this; }
        public Builder lengthWindow(int v) { lengthWindow = v; return this; }
        public Builder margin(int v) { margin = v; return this; }
        public Builder reseedUnits(int v) { reseedUnits = v; return this; }
        public Builder tolerance(double v) { tolerance = v; return this; }
        public Builder streamSeed(long v) { streamSeed = v; return this; }
        public Builder errorTolerance(double v) { errorTolerance = v; return this; }
        public Builder targetError(double v) { targetError = v; return this; }
        public Builder pruneSlack(double v) { pruneSlack = v; return this; }
        public Builder encoding(CodeEncoding v) { encoding = v; return this; }

        /** FLOAT32, FLOAT16 or INT8, any case. */
        public Builder encoding(String v) { return encoding(CodeEncoding.valueOf(v.trim().toUpperCase(Locale.ROOT))); }

        public Builder device(String v) { device = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder maxWait(Duration v) { maxWaitMillis = v.toMillis(); return this; }

        /** Frames with more values than this are dead-lettered as OVERSIZED (default max(4096, inputDim)). */
        public Builder maxValues(int v) { maxValues = v; return this; }

        public Builder torchThreads(int v) { torchThreads = v; return this; }
        public Builder sharedModelKey(String v) { sharedModelKey = v; return this; }

        /** Also builds both model-lib configurations once, so a bad value fails here, not on a task manager. */
        public CompressionConfig build() {
            CompressionConfig config = new CompressionConfig(inputDim, capacity, pushLambda, pushAlpha, learningRate, modelSeed, trainBatch,
                    trainEvery, replayCapacity, promoteEvery, lengthWindow, margin, reseedUnits, tolerance, streamSeed, errorTolerance, targetError, pruneSlack,
                    encoding, device, batchSize, maxWaitMillis, maxValues, torchThreads, sharedModelKey);
            config.toAutoencoderConfig();
            config.toStreamOptions();
            return config;
        }
    }
}
