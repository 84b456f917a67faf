package io.sosae.jobs.job;

import io.sosae.connectors.deadletter.DecodeOrDeadLetter;
import io.sosae.connectors.deadletter.ImageFrameValidator;
import io.sosae.connectors.deadletter.RawKafkaRecord;
import io.sosae.connectors.deadletter.SensorFrameValidator;
import io.sosae.connectors.kafka.KafkaSettings;
import io.sosae.connectors.kafka.KafkaSources;
import io.sosae.connectors.registry.RegistryConfig;
import io.sosae.jobs.config.CompressionConfig;
import io.sosae.jobs.drift.DriftDetector;
import io.sosae.jobs.operator.CompressorFunction;
import io.sosae.jobs.operator.ImageToFrame;
import io.sosae.jobs.operator.ModelKeySelector;
import io.sosae.schemas.CompressedCode;
import io.sosae.schemas.DeadLetter;
import io.sosae.schemas.DriftAlert;
import io.sosae.schemas.ImageFrame;
import io.sosae.schemas.LengthReport;
import io.sosae.schemas.SensorFrame;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * The compression job: any {@link io.sosae.model.stream.StreamCompressor} method behind one keyed
 * operator:
 *
 * <pre>
 * raw-source (Kafka bytes) -> decode (DecodeOrDeadLetter: Confluent Avro + SensorFrameValidator)
 *     -> keyBy(modelKey) -> compressor (CompressorFunction) -> codes-sink
 *                                 |-> decoder snapshots -> decoders-sink
 *                                 |-> length reports    -> length-reports-sink
 *                                          -> keyBy(modelKey) -> drift-detector -> drift-alerts-sink
 *   dead letters of decode + compressor               -> dlq-sink
 * </pre>
 *
 * Sources and sinks are arguments, so tests run exactly this pipeline; {@link #buildKafka} wires
 * the production Kafka source and exactly-once sinks. Every operator has a stable uid
 * ({@link Uids}) so savepoints survive code changes.
 *
 * <p>Run on a cluster (the job jar, DJL in the cluster's lib/ with
 * {@code classloader.parent-first-patterns.additional: ai.djl.}; see docs/architecture.md):
 * <pre>
 * flink run -c io.sosae.jobs.job.CompressionJob sosae-flink-job.jar \
 *   --bootstrap 127.0.0.1:9092 --registry http://127.0.0.1:8081/apis/ccompat/v7 \
 *   --input-dim 64 [--method SOSAE] [--capacity 64] [--device auto] [--checkpoint-interval 10s] ...
 * </pre>
 * See {@link #main} for every option.
 */
public final class CompressionJob {

    public static final String NAME = "sosae-compression";

    /** Stable operator uids: never change them, savepoints map state by uid. */
    public static final class Uids {
        public static final String RAW_SOURCE = "raw-source";
        public static final String DECODE = "decode";
        public static final String COMPRESSOR = "sosae-compressor";
        public static final String CODES_SINK = "codes-sink";
        public static final String DECODERS_SINK = "decoders-sink";
        public static final String LENGTH_REPORTS_SINK = "length-reports-sink";
        public static final String DLQ_SINK = "dlq-sink";
        public static final String DRIFT_DETECTOR = "drift-detector";
        public static final String ALERTS_SINK = "drift-alerts-sink";
        /** The image pipeline's own operators (its sinks take the image prefix too). */
        public static final String IMAGE_PREFIX = "image-";

        public static final String IMAGE_TO_FRAME = "image-to-frame";

        private Uids() {}
    }

    private CompressionJob() {}

    /** WIDTHxHEIGHTxCHANNELS, e.g. 28x28x1. */
    static int[] imageShape(String spec) {
        if (!spec.trim().toLowerCase(java.util.Locale.ROOT).matches("[1-9]\\d{0,4}x[1-9]\\d{0,4}x[1-9]\\d{0,2}")) {
            throw new IllegalArgumentException(
                    "--image-shape must be WIDTHxHEIGHTxCHANNELS, e.g. 28x28x1; was " + spec);
        }
        return java.util.Arrays.stream(
                        spec.trim().toLowerCase(java.util.Locale.ROOT).split("x"))
                .mapToInt(Integer::parseInt)
                .toArray();
    }

    /** The whole job on a given source of raw records and given sinks. */
    public static void build(
            StreamExecutionEnvironment env,
            Source<RawKafkaRecord, ?, ?> frames,
            RegistryConfig registry,
            Sinks sinks,
            CompressionConfig config) {
        DataStream<RawKafkaRecord> raw = env.fromSource(frames, WatermarkStrategy.noWatermarks(), "raw frames")
                .uid(Uids.RAW_SOURCE);
        compress(raw, registry, config).sinkTo(sinks);
    }

    /**
     * The pipeline from raw records to its four outputs: decode with dead letters, key by model key,
     * compress. For callers that put something between the source and the job (tests inject
     * failures there) or write the outputs elsewhere.
     */
    public static CompressionStreams compress(
            DataStream<RawKafkaRecord> raw, RegistryConfig registry, CompressionConfig config) {
        SingleOutputStreamOperator<SensorFrame> frames = raw.process(new DecodeOrDeadLetter<>(
                        registry,
                        SensorFrame.class,
                        SensorFrameValidator.exactDimension(config.inputDim(), config.maxValues())))
                .uid(Uids.DECODE)
                .name("decode or dead-letter");
        return compressFrames(frames, frames.getSideOutput(DecodeOrDeadLetter.DEAD_LETTERS), config, "");
    }

    /**
     * The image pipeline: ImageFrames decoded with dead letters (shape must be width x height x
     * channels = the config's inputDim), turned into frames of values in [0, 1] by {@link
     * ImageToFrame}, then the same keyed compressor as sensor frames with a model of its own size.
     * Its operators' uids carry {@link Uids#IMAGE_PREFIX}, so both pipelines can share one job.
     */
    public static CompressionStreams compressImages(
            DataStream<RawKafkaRecord> raw,
            RegistryConfig registry,
            CompressionConfig config,
            int width,
            int height,
            int channels) {
        if (width * height * channels != config.inputDim()) {
            throw new IllegalArgumentException("images of " + width + "x" + height + "x" + channels + " have "
                    + width * height * channels + " values but the model's inputDim is " + config.inputDim());
        }
        SingleOutputStreamOperator<ImageFrame> images = raw.process(new DecodeOrDeadLetter<>(
                        registry,
                        ImageFrame.class,
                        ImageFrameValidator.exactShape(width, height, channels, config.maxValues())))
                .uid(Uids.IMAGE_PREFIX + Uids.DECODE)
                .name("decode images or dead-letter");
        DataStream<SensorFrame> frames = images.map(new ImageToFrame(), TypeInformation.of(SensorFrame.class))
                .uid(Uids.IMAGE_TO_FRAME)
                .name("image to frame");
        return compressFrames(frames, images.getSideOutput(DecodeOrDeadLetter.DEAD_LETTERS), config, Uids.IMAGE_PREFIX);
    }

    /**
     * The compressor alone on already decoded frames (no registry, no decode step): for callers
     * that have frames in hand, such as the comparison benchmark. Its dead letters are the
     * compressor's own.
     */
    public static CompressionStreams compressFrames(DataStream<SensorFrame> frames, CompressionConfig config) {
        SingleOutputStreamOperator<CompressedCode> codes = keyedCompressor(frames, config, "");
        DataStream<LengthReport> reports = codes.getSideOutput(CompressorFunction.LENGTH_REPORTS);
        return new CompressionStreams(
                codes,
                codes.getSideOutput(CompressorFunction.DECODERS),
                reports,
                codes.getSideOutput(CompressorFunction.DEAD_LETTERS),
                driftAlerts(reports, config, ""),
                "");
    }

    /** Drift alerts from the length reports: one Page-Hinkley test per signal and model key. */
    private static DataStream<DriftAlert> driftAlerts(
            DataStream<LengthReport> reports, CompressionConfig config, String uidPrefix) {
        return reports.keyBy(LengthReport::getModelKey, Types.STRING)
                .process(new DriftDetector(config.toDriftSettings()), TypeInformation.of(DriftAlert.class))
                .uid(uidPrefix + Uids.DRIFT_DETECTOR)
                .name(uidPrefix + "drift detector");
    }

    private static SingleOutputStreamOperator<CompressedCode> keyedCompressor(
            DataStream<SensorFrame> frames, CompressionConfig config, String uidPrefix) {
        return frames.keyBy(ModelKeySelector.of(config.sharedModelKey()), Types.STRING)
                .process(new CompressorFunction(config), TypeInformation.of(CompressedCode.class))
                .uid(uidPrefix + Uids.COMPRESSOR)
                .name(uidPrefix + config.method() + " compressor");
    }

    /** Key by model key and compress; the shared tail of both pipelines. */
    private static CompressionStreams compressFrames(
            DataStream<SensorFrame> frames,
            DataStream<DeadLetter> decodeDeadLetters,
            CompressionConfig config,
            String uidPrefix) {
        SingleOutputStreamOperator<CompressedCode> codes = keyedCompressor(frames, config, uidPrefix);
        DataStream<LengthReport> reports = codes.getSideOutput(CompressorFunction.LENGTH_REPORTS);
        return new CompressionStreams(
                codes,
                codes.getSideOutput(CompressorFunction.DECODERS),
                reports,
                decodeDeadLetters.union(codes.getSideOutput(CompressorFunction.DEAD_LETTERS)),
                driftAlerts(reports, config, uidPrefix),
                uidPrefix);
    }

    /**
     * The production wiring: raw Kafka source on the sensor-frames topic (committed offsets, else
     * earliest; read_committed) and EXACTLY_ONCE Kafka sinks with the settings' transactional-id
     * prefix. Checkpointing must be enabled on {@code env} (transactions commit on checkpoints).
     */
    public static void buildKafka(
            StreamExecutionEnvironment env, KafkaSettings kafka, RegistryConfig registry, CompressionConfig config) {
        build(
                env,
                KafkaSources.raw(kafka, kafka.topics().sensorFrames()).build(),
                registry,
                Sinks.kafka(kafka, registry, DeliveryGuarantee.EXACTLY_ONCE),
                config);
    }

    /**
     * The image pipeline's production wiring: raw Kafka source on {@code imageTopic}, {@link
     * #compressImages}, EXACTLY_ONCE Kafka sinks to the settings' output topics.
     */
    public static void buildKafkaImages(
            StreamExecutionEnvironment env,
            KafkaSettings kafka,
            RegistryConfig registry,
            CompressionConfig config,
            String imageTopic,
            int width,
            int height,
            int channels) {
        DataStream<RawKafkaRecord> raw = env.fromSource(
                        KafkaSources.raw(kafka, imageTopic).build(), WatermarkStrategy.noWatermarks(), "raw images")
                .uid(Uids.IMAGE_PREFIX + Uids.RAW_SOURCE);
        compressImages(raw, registry, config, width, height, channels)
                .sinkTo(Sinks.kafka(kafka, registry, DeliveryGuarantee.EXACTLY_ONCE));
    }

    /**
     * Runs the job on a cluster. Options are {@code --key value} pairs: the job's own
     * ({@link JobOptions}: {@code --bootstrap} and {@code --registry} required, topics, group and
     * transactional ids, {@code --checkpoint-interval}, {@code --state-backend}, {@code --parallelism}), every
     * {@link CompressionOptions} key ({@code --input-dim} required; {@code --method},
     * {@code --capacity}, {@code --batch-size}, {@code --max-wait 200ms}, ...), and
     * {@code --kafka.<property> value} passed to every Kafka client (security.protocol, sasl.*,
     * ssl.*). An unknown key or a bad value fails before the job is submitted, with a message
     * that names the option.
     *
     * <p>Checkpointing (which commits the exactly-once sinks) comes from the cluster's
     * configuration ({@code execution.checkpointing.interval}) unless {@code --checkpoint-interval}
     * is given; the job refuses to start when neither turns it on.
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = ParameterTool.fromArgs(args).toMap();
        CompressionConfig config = CompressionConfig.fromArgs(options, JobOptions.keys());
        Configuration job = new Configuration();
        options.forEach(job::setString);
        KafkaSettings kafka = JobOptions.kafkaSettings(job, options);
        RegistryConfig registry = RegistryConfig.of(JobOptions.required(job, JobOptions.REGISTRY));

        StreamExecutionEnvironment env = environment(job);
        String pipeline = job.get(JobOptions.PIPELINE);
        if (pipeline.equals("images")) {
            int[] shape = imageShape(job.get(JobOptions.IMAGE_SHAPE));
            buildKafkaImages(env, kafka, registry, config, kafka.topics().sensorFrames(), shape[0], shape[1], shape[2]);
        } else if (pipeline.equals("sensors")) {
            buildKafka(env, kafka, registry, config);
        } else {
            throw new IllegalArgumentException("--pipeline must be sensors or images, was " + pipeline);
        }
        env.execute(NAME + "-" + config.method().name().toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * The execution environment of {@link #main}: the job's {@code --checkpoint-interval}, {@code
     * --state-backend} and {@code --parallelism} over the cluster's configuration. Fails when
     * checkpointing ends up off (the exactly-once sinks would never commit).
     */
    static StreamExecutionEnvironment environment(Configuration job) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobOptions.stateBackend(job).ifPresent(backend -> {
            Configuration state = new Configuration();
            backend.configure(state);
            env.configure(state);
        });
        job.getOptional(JobOptions.CHECKPOINT_INTERVAL)
                .ifPresent(interval -> env.enableCheckpointing(interval.toMillis()));
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            throw new IllegalArgumentException(
                    "checkpointing is off, so the exactly-once sinks would never commit: set "
                            + "execution.checkpointing.interval in the cluster's configuration or pass --checkpoint-interval 10s");
        }
        job.getOptional(JobOptions.PARALLELISM).ifPresent(env::setParallelism);
        return env;
    }
}
