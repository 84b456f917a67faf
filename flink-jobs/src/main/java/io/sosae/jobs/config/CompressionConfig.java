package io.sosae.jobs.config;

import static io.sosae.jobs.config.CompressionOptions.ALIGN_CODES;
import static io.sosae.jobs.config.CompressionOptions.BATCH_SIZE;
import static io.sosae.jobs.config.CompressionOptions.CAPACITY;
import static io.sosae.jobs.config.CompressionOptions.CODE_ACTIVATION;
import static io.sosae.jobs.config.CompressionOptions.DEVICE;
import static io.sosae.jobs.config.CompressionOptions.DRIFT_DELTA;
import static io.sosae.jobs.config.CompressionOptions.DRIFT_MIN_REPORTS;
import static io.sosae.jobs.config.CompressionOptions.DRIFT_THRESHOLD;
import static io.sosae.jobs.config.CompressionOptions.DRIFT_WARMUP;
import static io.sosae.jobs.config.CompressionOptions.ENCODING;
import static io.sosae.jobs.config.CompressionOptions.ERROR_TOLERANCE;
import static io.sosae.jobs.config.CompressionOptions.INPUT_DIM;
import static io.sosae.jobs.config.CompressionOptions.LEARNING_RATE;
import static io.sosae.jobs.config.CompressionOptions.LENGTH_WINDOW;
import static io.sosae.jobs.config.CompressionOptions.MARGIN;
import static io.sosae.jobs.config.CompressionOptions.MAX_KEY_METRICS;
import static io.sosae.jobs.config.CompressionOptions.MAX_LIVE_MODELS;
import static io.sosae.jobs.config.CompressionOptions.MAX_VALUES;
import static io.sosae.jobs.config.CompressionOptions.MAX_WAIT;
import static io.sosae.jobs.config.CompressionOptions.METHOD;
import static io.sosae.jobs.config.CompressionOptions.MODEL_SEED;
import static io.sosae.jobs.config.CompressionOptions.OUTPUT_SIGMOID;
import static io.sosae.jobs.config.CompressionOptions.PCA_FALLBACK;
import static io.sosae.jobs.config.CompressionOptions.PCA_HALF_LIFE;
import static io.sosae.jobs.config.CompressionOptions.PCA_HIGH_ENERGY;
import static io.sosae.jobs.config.CompressionOptions.PCA_LOW_ENERGY;
import static io.sosae.jobs.config.CompressionOptions.PCA_SWITCH_MARGIN;
import static io.sosae.jobs.config.CompressionOptions.PROMOTE_EVERY;
import static io.sosae.jobs.config.CompressionOptions.PRUNE_SLACK;
import static io.sosae.jobs.config.CompressionOptions.PUSH_ALPHA;
import static io.sosae.jobs.config.CompressionOptions.PUSH_LAMBDA;
import static io.sosae.jobs.config.CompressionOptions.QUANTISATION_SHARE;
import static io.sosae.jobs.config.CompressionOptions.REPLAY_CAPACITY;
import static io.sosae.jobs.config.CompressionOptions.RESEED_UNITS;
import static io.sosae.jobs.config.CompressionOptions.SEARCH_DRIFT;
import static io.sosae.jobs.config.CompressionOptions.SEARCH_EPOCHS;
import static io.sosae.jobs.config.CompressionOptions.SEARCH_GRID_STEP;
import static io.sosae.jobs.config.CompressionOptions.SEARCH_RANDOM_COUNT;
import static io.sosae.jobs.config.CompressionOptions.SEARCH_TOLERANCE;
import static io.sosae.jobs.config.CompressionOptions.SEARCH_WINDOW;
import static io.sosae.jobs.config.CompressionOptions.SHARED_MODEL_KEY;
import static io.sosae.jobs.config.CompressionOptions.STABLE_TRAIN_EVERY;
import static io.sosae.jobs.config.CompressionOptions.STATE_TTL;
import static io.sosae.jobs.config.CompressionOptions.STREAM_SEED;
import static io.sosae.jobs.config.CompressionOptions.TARGET_ERROR;
import static io.sosae.jobs.config.CompressionOptions.TARGET_MEASURE;
import static io.sosae.jobs.config.CompressionOptions.TOLERANCE;
import static io.sosae.jobs.config.CompressionOptions.TORCH_THREADS;
import static io.sosae.jobs.config.CompressionOptions.TRAIN_BATCH;
import static io.sosae.jobs.config.CompressionOptions.TRAIN_EVERY;
import static io.sosae.jobs.config.CompressionOptions.TRAIN_TOGETHER;
import static io.sosae.jobs.config.CompressionOptions.WARM_START;

import io.sosae.model.arch.ArchSearchAutoencoder;
import io.sosae.model.arch.ArchSearchOptions;
import io.sosae.model.codec.CodeEncoding;
import io.sosae.model.core.AutoencoderConfig;
import io.sosae.model.core.Method;
import io.sosae.model.eval.MethodPresets;
import io.sosae.model.ga.EvolvedAutoencoder;
import io.sosae.model.ga.EvolvedAutoencoderOptions;
import io.sosae.model.pca.PcaOptions;
import io.sosae.model.pca.StreamingPca;
import io.sosae.model.search.SearchOptions;
import io.sosae.model.search.SearchedWidthCompressor;
import io.sosae.model.stream.CompressorFactory;
import io.sosae.model.stream.ContinualSosae;
import io.sosae.model.stream.StreamOptions;
import java.io.Serializable;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * The validated {@link CompressionOptions} of one pipeline, as one immutable, serializable value
 * (it travels inside the operator to the task managers). Defaults live only in the options.
 *
 * <p>Model: {@code method} of {@code inputDim -> capacity} (ReLU encoder, sigmoid decoder, MAE,
 * Adam at {@code learningRate}; for SOSAE the push regulariser {@code lambda * sum_k (1+alpha)^k
 * |h_k|} and unit-norm decoder columns; the baselines as in {@link MethodPresets}), or a streaming
 * PCA of rank at most {@code capacity}. Operator: micro-batches of {@code batchSize} frames,
 * flushed at the latest {@code maxWait} after their first frame; codes packed with
 * {@code encoding}; models on {@code device}.
 */
public final class CompressionConfig implements Serializable {
    private static final long serialVersionUID = 2L;

    private final Configuration conf;

    private CompressionConfig(Configuration conf) {
        this.conf = new Configuration(conf);
        validate();
        toCompressorFactory(); // a bad model-lib value fails here, not on a task manager
    }

    /**
     * Reads and validates the options of {@code conf}.
     *
     * @throws IllegalArgumentException naming the option to change and what it must be
     */
    public static CompressionConfig from(Configuration conf) {
        return new CompressionConfig(conf);
    }

    /**
     * The options from a job's {@code --key value} arguments; every key must be a
     * {@link CompressionOptions} key or one of {@code alsoAllowed} (the job's own, e.g. Kafka's).
     */
    public static CompressionConfig fromArgs(Map<String, String> args, Set<String> alsoAllowed) {
        Set<String> known =
                CompressionOptions.all().stream().map(ConfigOption::key).collect(Collectors.toSet());
        Set<String> unknown = new TreeSet<>();
        for (String key : args.keySet()) {
            if (!known.contains(key) && !alsoAllowed.contains(key) && !key.startsWith("kafka.")) {
                unknown.add("--" + key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s) " + unknown + "; the options are "
                    + new TreeSet<>(known).stream().map(k -> "--" + k).toList() + " and "
                    + new TreeSet<>(alsoAllowed).stream().map(k -> "--" + k).toList());
        }
        Configuration conf = new Configuration();
        args.forEach((k, v) -> {
            if (known.contains(k)) {
                conf.setString(k, v);
            }
        });
        try {
            return from(conf);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) { // Flink's parse errors name the key but not the fix
            throw new IllegalArgumentException("bad option value: " + e.getMessage(), e);
        }
    }

    public static Builder builder(int inputDim) {
        return new Builder(new Configuration()).set(INPUT_DIM, inputDim);
    }

    public Builder toBuilder() {
        return new Builder(new Configuration(conf));
    }

    /** The options as set (defaults are not listed). */
    public Configuration configuration() {
        return new Configuration(conf);
    }

    private void validate() {
        require(conf.getOptional(INPUT_DIM).isPresent(), INPUT_DIM, "is required: the number of values per frame");
        require(inputDim() >= 1, INPUT_DIM, "must be >= 1");
        require(capacity() >= 1, CAPACITY, "must be >= 1");
        require(batchSize() >= 1, BATCH_SIZE, "must be >= 1");
        require(maxWaitMillis() >= 1, MAX_WAIT, "must be at least 1 ms (e.g. 200ms)");
        require(maxValues() >= inputDim(), MAX_VALUES, "must be >= input-dim (" + inputDim() + ")");
        require(torchThreads() >= 0, TORCH_THREADS, "must be >= 0 (0 = DJL's default)");
        require(
                sharedModelKey() == null || !sharedModelKey().isBlank(),
                SHARED_MODEL_KEY,
                "must not be blank (leave it unset for one model per stream)");
        String device = device().trim().toLowerCase(Locale.ROOT);
        require(
                device.equals("auto") || device.equals("cpu") || device.matches("gpu(:\\d+)?"),
                DEVICE,
                "must be auto, cpu, gpu or gpu:N");
        for (ConfigOption<Integer> positive : java.util.List.of(
                TRAIN_BATCH,
                TRAIN_EVERY,
                REPLAY_CAPACITY,
                PROMOTE_EVERY,
                LENGTH_WINDOW,
                PCA_HALF_LIFE,
                SEARCH_EPOCHS,
                SEARCH_GRID_STEP,
                SEARCH_RANDOM_COUNT)) {
            require(conf.get(positive) >= 1, positive, "must be >= 1");
        }
        require(conf.get(MARGIN) >= 0, MARGIN, "must be >= 0");
        require(conf.get(STABLE_TRAIN_EVERY) >= 0, STABLE_TRAIN_EVERY, "must be >= 0 (0 = always --train-every)");
        require(conf.get(RESEED_UNITS) >= 0, RESEED_UNITS, "must be >= 0");
        require(conf.get(TOLERANCE) >= 0 && conf.get(TOLERANCE) < 1, TOLERANCE, "must be in [0, 1)");
        require(conf.get(TARGET_ERROR) >= 0, TARGET_ERROR, "must be >= 0 (0 = no error target)");
        require(conf.get(PRUNE_SLACK) >= 0, PRUNE_SLACK, "must be >= 0");
        double margin = conf.get(PCA_SWITCH_MARGIN);
        require(
                margin >= 0 && margin < 1,
                PCA_SWITCH_MARGIN,
                "must be in [0, 1) (0.2: the other kind must be 20% better)");
        require(conf.get(WARM_START) >= 0, WARM_START, "must be >= 0 (0 = no closed-form start)");
        require(
                conf.get(WARM_START) <= conf.get(REPLAY_CAPACITY),
                WARM_START,
                "must be at most --replay-capacity (" + conf.get(REPLAY_CAPACITY)
                        + "): the buffer holds the records it fits");
        require(
                conf.get(CODE_ACTIVATION) == io.sosae.model.core.Activation.IDENTITY
                        || conf.get(CODE_ACTIVATION) == io.sosae.model.core.Activation.RELU,
                CODE_ACTIVATION,
                "must be IDENTITY or RELU");
        require(conf.get(ERROR_TOLERANCE) >= 0, ERROR_TOLERANCE, "must be >= 0");
        require(conf.get(LEARNING_RATE) > 0, LEARNING_RATE, "must be > 0");
        require(
                conf.get(QUANTISATION_SHARE) > 0 && conf.get(QUANTISATION_SHARE) <= 1,
                QUANTISATION_SHARE,
                "must be in (0, 1] (0.01 = quantisation raises a code's error by 1%)");
        require(conf.get(PUSH_LAMBDA) >= 0 && conf.get(PUSH_ALPHA) >= 0, PUSH_LAMBDA, "and --push-alpha must be >= 0");
        require(conf.get(SEARCH_WINDOW) >= 10, SEARCH_WINDOW, "must be >= 10 rows");
        require(conf.get(SEARCH_TOLERANCE) >= 0, SEARCH_TOLERANCE, "must be >= 0");
        require(conf.get(SEARCH_DRIFT) > 0, SEARCH_DRIFT, "must be > 0");
        require(conf.get(DRIFT_WARMUP) >= 0, DRIFT_WARMUP, "must be >= 0");
        require(conf.get(MAX_LIVE_MODELS) >= 1, MAX_LIVE_MODELS, "must be >= 1");
        require(conf.get(TRAIN_TOGETHER) >= 1, TRAIN_TOGETHER, "must be >= 1 (1: every model steps alone)");
        require(
                conf.get(STATE_TTL).isZero() || conf.get(STATE_TTL).compareTo(conf.get(MAX_WAIT)) > 0,
                STATE_TTL,
                "must be 0 (never) or longer than --max-wait ("
                        + conf.get(MAX_WAIT).toMillis()
                        + " ms): pending frames flush before their key's state expires");
        require(conf.get(MAX_KEY_METRICS) >= 0, MAX_KEY_METRICS, "must be >= 0 (0 = aggregates only)");
        require(conf.get(DRIFT_DELTA) >= 0, DRIFT_DELTA, "must be >= 0");
        require(conf.get(DRIFT_THRESHOLD) > 0, DRIFT_THRESHOLD, "must be > 0");
        require(conf.get(DRIFT_MIN_REPORTS) >= 1, DRIFT_MIN_REPORTS, "must be >= 1");
        double low = conf.get(PCA_LOW_ENERGY);
        double high = conf.get(PCA_HIGH_ENERGY);
        require(
                low > 0 && low <= high && high < 1,
                PCA_LOW_ENERGY,
                "and --pca-high-energy must satisfy 0 < low <= high < 1");
    }

    private static void require(boolean ok, ConfigOption<?> option, String what) {
        if (!ok) {
            throw new IllegalArgumentException("--" + option.key() + " " + what);
        }
    }

    public Method method() {
        return conf.get(METHOD);
    }

    public int inputDim() {
        return conf.get(INPUT_DIM);
    }

    public int capacity() {
        return conf.get(CAPACITY);
    }

    public CodeEncoding encoding() {
        return conf.get(ENCODING);
    }

    /** RICE codes: the share by which quantisation may raise a code's error. */
    public double quantisationShare() {
        return conf.get(QUANTISATION_SHARE);
    }

    /** How this job packs the codes of a model version with that decoder slice. */
    public io.sosae.model.codec.CodePacker packer(io.sosae.model.core.DecoderSlice slice) {
        return io.sosae.model.codec.CodePacker.of(encoding(), quantisationShare(), slice);
    }

    public String device() {
        return conf.get(DEVICE);
    }

    public int batchSize() {
        return conf.get(BATCH_SIZE);
    }

    public long maxWaitMillis() {
        return conf.get(MAX_WAIT).toMillis();
    }

    public Duration maxWait() {
        return conf.get(MAX_WAIT);
    }

    /** The option when set, else its default raised to the input width. */
    public int maxValues() {
        return conf.getOptional(MAX_VALUES)
                .orElse(Math.max(
                        MAX_VALUES.defaultValue(), conf.getOptional(INPUT_DIM).orElse(0)));
    }

    public int torchThreads() {
        return conf.get(TORCH_THREADS);
    }

    /** Null: one model per streamId. */
    public int maxLiveModels() {
        return conf.get(MAX_LIVE_MODELS);
    }

    /** Models whose training steps are stacked together (1: each alone). */
    public int trainTogether() {
        return conf.get(TRAIN_TOGETHER);
    }

    /** How long a key may send nothing before its state expires; 0 = never. */
    public long stateTtlMillis() {
        return conf.get(STATE_TTL).toMillis();
    }

    /** Model keys per subtask with their own metric group. */
    public int maxKeyMetrics() {
        return conf.get(MAX_KEY_METRICS);
    }

    public String sharedModelKey() {
        return conf.getOptional(SHARED_MODEL_KEY).orElse(null);
    }

    /** How the drift detector tests each key's length reports. */
    public io.sosae.jobs.drift.DriftSettings toDriftSettings() {
        return io.sosae.jobs.drift.DriftSettings.of(
                        conf.get(DRIFT_WARMUP),
                        conf.get(DRIFT_DELTA),
                        conf.get(DRIFT_THRESHOLD),
                        conf.get(DRIFT_MIN_REPORTS))
                .withStateTtl(stateTtlMillis());
    }

    /** The autoencoder of an autoencoder method (SOSAE or a fixed-width baseline). */
    public AutoencoderConfig toAutoencoderConfig() {
        return autoencoder(method(), capacity());
    }

    /** An autoencoder method's configuration at a given width, with this job's seed and step size. */
    private AutoencoderConfig autoencoder(Method m, int width) {
        if (!m.isAutoencoder() || m == Method.GRID || m == Method.RANDOM || m == Method.GA || m == Method.ARCH) {
            throw new IllegalStateException(m + " has no single autoencoder configuration");
        }
        AutoencoderConfig config = MethodPresets.of(
                        m,
                        inputDim(),
                        width,
                        conf.get(MODEL_SEED),
                        new MethodPresets.PushSetting(conf.get(PUSH_LAMBDA), conf.get(PUSH_ALPHA)))
                .toBuilder()
                .learningRate(conf.get(LEARNING_RATE))
                .outputSigmoid(conf.get(OUTPUT_SIGMOID))
                .build();
        if (m == Method.SOSAE && conf.get(CODE_ACTIVATION) == io.sosae.model.core.Activation.IDENTITY) {
            // linear codes: decoder rows keep the scale the closed-form start and the alignment give
            // them (re-normalising rows would change outputs without the encoder compensating)
            return config.toBuilder()
                    .encoderActivation(io.sosae.model.core.Activation.IDENTITY)
                    .unitNormDecoder(false)
                    .build();
        }
        return config;
    }

    /** GA: the evolved autoencoder's defaults at this width, promoting as often as every method here. */
    public EvolvedAutoencoderOptions toEvolvedOptions() {
        EvolvedAutoencoderOptions d = EvolvedAutoencoderOptions.defaults(inputDim(), capacity(), conf.get(MODEL_SEED));
        return new EvolvedAutoencoderOptions(
                d.inputDim(),
                d.capacity(),
                d.encoder(),
                true, // every stream here is [0, 1] data, as for the other autoencoders
                d.ga(),
                d.generationsPerStep(),
                d.evolveEvery(),
                d.replayCapacity(),
                d.sampleSize(),
                conf.get(PROMOTE_EVERY));
    }

    public SearchOptions toSearchOptions() {
        return new SearchOptions(
                method() == Method.RANDOM ? "random" : "grid",
                conf.get(SEARCH_WINDOW),
                conf.get(SEARCH_EPOCHS),
                conf.get(SEARCH_GRID_STEP),
                conf.get(SEARCH_RANDOM_COUNT),
                conf.get(SEARCH_TOLERANCE),
                conf.get(SEARCH_DRIFT),
                conf.get(MODEL_SEED));
    }

    public StreamOptions toStreamOptions() {
        return new StreamOptions(
                conf.get(TRAIN_BATCH),
                conf.get(TRAIN_EVERY),
                conf.get(REPLAY_CAPACITY),
                conf.get(PROMOTE_EVERY),
                conf.get(LENGTH_WINDOW),
                conf.get(MARGIN),
                conf.get(RESEED_UNITS),
                conf.get(TOLERANCE),
                conf.get(STREAM_SEED),
                conf.get(ERROR_TOLERANCE),
                conf.get(TARGET_ERROR),
                conf.get(PRUNE_SLACK),
                conf.get(TARGET_MEASURE),
                conf.get(WARM_START),
                conf.get(ALIGN_CODES),
                conf.get(STABLE_TRAIN_EVERY),
                conf.get(PCA_FALLBACK),
                conf.get(PCA_SWITCH_MARGIN));
    }

    public PcaOptions toPcaOptions() {
        return new PcaOptions(
                inputDim(),
                capacity(),
                conf.get(PCA_LOW_ENERGY),
                conf.get(PCA_HIGH_ENERGY),
                conf.get(PCA_HALF_LIFE),
                conf.get(PROMOTE_EVERY),
                conf.get(MARGIN));
    }

    /** The factory of the configured method's stream compressors. */
    public CompressorFactory toCompressorFactory() {
        return switch (method()) {
            case PCA -> StreamingPca.factory(toPcaOptions());
            case GRID, RANDOM -> SearchedWidthCompressor.factory(
                    method(), width -> autoencoder(Method.AE, width), capacity(), toStreamOptions(), toSearchOptions());
            case GA -> EvolvedAutoencoder.factory(toEvolvedOptions());
            case ARCH -> ArchSearchAutoencoder.factory(
                    ArchSearchOptions.defaults(inputDim(), capacity()).withPromoteEvery(conf.get(PROMOTE_EVERY)));
            default -> ContinualSosae.factory(toAutoencoderConfig(), toStreamOptions());
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompressionConfig c && conf.equals(c.conf);
    }

    @Override
    public int hashCode() {
        return conf.hashCode();
    }

    @Override
    public String toString() {
        return "CompressionConfig" + conf;
    }

    /** Sets options one by one; unset ones keep their defaults. */
    public static final class Builder {
        private final Configuration conf;

        private Builder(Configuration conf) {
            this.conf = conf;
        }

        public <T> Builder set(ConfigOption<T> option, T value) {
            conf.set(option, value);
            return this;
        }

        public Builder method(Method v) {
            return set(CompressionOptions.METHOD, v);
        }

        public Builder capacity(int v) {
            return set(CAPACITY, v);
        }

        public Builder pushLambda(double v) {
            return set(PUSH_LAMBDA, v);
        }

        public Builder pushAlpha(double v) {
            return set(PUSH_ALPHA, v);
        }

        public Builder learningRate(double v) {
            return set(LEARNING_RATE, v);
        }

        public Builder modelSeed(long v) {
            return set(MODEL_SEED, v);
        }

        public Builder trainBatch(int v) {
            return set(TRAIN_BATCH, v);
        }

        public Builder trainEvery(int v) {
            return set(TRAIN_EVERY, v);
        }

        public Builder replayCapacity(int v) {
            return set(REPLAY_CAPACITY, v);
        }

        public Builder promoteEvery(int v) {
            return set(PROMOTE_EVERY, v);
        }

        public Builder lengthWindow(int v) {
            return set(LENGTH_WINDOW, v);
        }

        public Builder margin(int v) {
            return set(MARGIN, v);
        }

        public Builder reseedUnits(int v) {
            return set(RESEED_UNITS, v);
        }

        public Builder tolerance(double v) {
            return set(TOLERANCE, v);
        }

        public Builder streamSeed(long v) {
            return set(STREAM_SEED, v);
        }

        public Builder errorTolerance(double v) {
            return set(ERROR_TOLERANCE, v);
        }

        public Builder targetError(double v) {
            return set(TARGET_ERROR, v);
        }

        public Builder pruneSlack(double v) {
            return set(PRUNE_SLACK, v);
        }

        public Builder targetMeasure(io.sosae.model.stream.ErrorMeasure v) {
            return set(TARGET_MEASURE, v);
        }

        public Builder codeActivation(io.sosae.model.core.Activation v) {
            return set(CODE_ACTIVATION, v);
        }

        public Builder warmStart(int records) {
            return set(WARM_START, records);
        }

        public Builder outputSigmoid(boolean v) {
            return set(OUTPUT_SIGMOID, v);
        }

        public Builder alignCodes(boolean v) {
            return set(ALIGN_CODES, v);
        }

        public Builder pcaFallback(boolean v) {
            return set(PCA_FALLBACK, v);
        }

        public Builder encoding(CodeEncoding v) {
            return set(ENCODING, v);
        }

        public Builder quantisationShare(double v) {
            return set(QUANTISATION_SHARE, v);
        }

        /** FLOAT32, FLOAT16, INT8 or RICE, any case. */
        public Builder encoding(String v) {
            return encoding(CodeEncoding.valueOf(v.trim().toUpperCase(Locale.ROOT)));
        }

        public Builder device(String v) {
            return set(DEVICE, v);
        }

        public Builder batchSize(int v) {
            return set(BATCH_SIZE, v);
        }

        public Builder maxWait(Duration v) {
            return set(MAX_WAIT, v);
        }

        public Builder maxValues(int v) {
            return set(MAX_VALUES, v);
        }

        public Builder torchThreads(int v) {
            return set(TORCH_THREADS, v);
        }

        public Builder sharedModelKey(String v) {
            return set(SHARED_MODEL_KEY, v);
        }

        public CompressionConfig build() {
            return new CompressionConfig(conf);
        }
    }
}
