package io.sosae.jobs.job;

import io.sosae.connectors.deadletter.DecodeOrDeadLetter;
import io.sosae.connectors.deadletter.ImageFrameValidator;
import io.sosae.connectors.deadletter.RawKafkaRecord;
import io.sosae.connectors.deadletter.SensorFrameValidator;
import io.sosae.connectors.kafka.KafkaSettings;
import io.sosae.connectors.kafka.KafkaSources;
import io.sosae.connectors.kafka.Topics;
import io.sosae.connectors.registry.RegistryConfig;
import io.sosae.jobs.operator.ImageToFrame;
import io.sosae.jobs.operator.ModelKeySelector;
import io.sosae.jobs.operator.SosaeCompressor;
import io.sosae.jobs.operator.SosaeCompressorOperator;
import io.sosae.schemas.CompressedCode;
import io.sosae.schemas.DeadLetter;
import io.sosae.schemas.ImageFrame;
import io.sosae.schemas.SensorFrame;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * The SOSAE compression job (DESIGN.md section 5):
 *
 * <pre>
 * raw-source (Kafka bytes) -> decode (DecodeOrDeadLetter: Confluent Avro + SensorFrameValidator)
 *     -> keyBy(modelKey) -> sosae-compressor (SosaeCompressor in SosaeCompressorOperator) -> codes-sink
 *                                 |-> decoder snapshots -> decoders-sink
 *                                 |-> length reports    -> length-reports-sink
 *   dead letters of decode + compressor               -> dlq-sink
 * </pre>
 *
 * Sources and sinks are arguments, so tests run exactly this pipeline; {@link #buildKafka} wires
 * the production Kafka source and exactly-once sinks. Every operator has a stable uid
 * ({@link Uids}) so savepoints survive code changes.
 *
 * <p>Run on a cluster (the flink-jobs jar with its dependencies on the classpath, DJL in lib/ with
 * {@code classloader.parent-first-patterns.additional: ai.djl.}; DESIGN.md section 7):
 * <pre>
 * flink run -c io.sosae.jobs.job.CompressionJob sosae-flink-jobs.jar \
 *   --bootstrap 127.0.0.1:9092 --registry http://127.0.0.1:8081/apis/ccompat/v7 \
 *   --input-dim 64 [--capacity 64] [--device auto] [--checkpoint-interval-ms 10000] ...
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
        /** The image pipeline's own operators (its sinks take the image prefix too). */
        public static final String IMAGE_PREFIX = "image-";
        public static final String IMAGE_TO_FRAME = "image-to-frame";

        private Uids() {}
    }

    private CompressionJob() {}

    /** The whole job on a given source of raw records and given sinks. */
    public static void build(StreamExecutionEnvironment env, Source<RawKafkaRecord, ?, ?> frames,
                             RegistryConfig registry, Sinks sinks, CompressionConfig config) {
        DataStream<RawKafkaRecord> raw = env.fromSource(frames, WatermarkStrategy.noWatermarks(), "raw frames")
                .uid(Uids.RAW_SOURCE);
        compress(raw, registry, config).sinkTo(sinks);
    }

    /**
     * The pipeline from raw records to its four outputs: decode with dead letters, key by model key,
     * compress. For callers that put something between the source and the job (tests inject
     * failures there) or write the outputs elsewhere.
     */
    public static CompressionStreams compress(DataStream<RawKafkaRecord> raw, RegistryConfig registry,
                                              CompressionConfig config) {
        SingleOutputStreamOperator<SensorFrame> frames = raw
                .process(new DecodeOrDeadLetter<>(registry, SensorFrame.class,
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
    public static CompressionStreams compressImages(DataStream<RawKafkaRecord> raw, RegistryConfig registry,
                                                    CompressionConfig config, int width, int height, int channels) {
        if (width * height * channels != config.inputDim()) {
            throw new IllegalArgumentException("images of " + width + "x" + height + "x" + channels + " have "
                    + width * height * channels + " values but the model's inputDim is " + config.inputDim());
        }
        SingleOutputStreamOperator<ImageFrame> images = raw
                .process(new DecodeOrDeadLetter<>(registry, ImageFrame.class,
                        ImageFrameValidator.exactShape(width, height, channels, config.maxValues())))
                .uid(Uids.IMAGE_PREFIX + Uids.DECODE)
                .name("decode images or dead-letter");
        DataStream<SensorFrame> frames = images
                .map(new ImageToFrame(), TypeInformation.of(SensorFrame.class))
                .uid(Uids.IMAGE_TO_FRAME)
                .name("image to frame");
        return compressFrames(frames, images.getSideOutput(DecodeOrDeadLetter.DEAD_LETTERS), config, Uids.IMAGE_PREFIX);
    }

    /** Key by model key and compress; the shared tail of both pipelines. */
    private static CompressionStreams compressFrames(DataStream<SensorFrame> frames, DataStream<DeadLetter> decodeDeadLetters,
                                                     CompressionConfig config, String uidPrefix) {
        SingleOutputStreamOperator<CompressedCode> codes = frames
                .keyBy(ModelKeySelector.of(config.sharedModelKey()), Types.STRING)
                .transform("SOSAE compressor", TypeInformation.of(CompressedCode.class),
                        new SosaeCompressorOperator(new SosaeCompressor(config)))
                .uid(uidPrefix + Uids.COMPRESSOR)
                .name(uidPrefix + "SOSAE compressor");
        return new CompressionStreams(
                codes,
                codes.getSideOutput(SosaeCompressor.DECODERS),
                codes.getSideOutput(SosaeCompressor.LENGTH_REPORTS),
                decodeDeadLetters.union(codes.getSideOutput(SosaeCompressor.DEAD_LETTERS)),
                uidPrefix);
    }

    /**
     * The production wiring: raw Kafka source on the sensor-frames topic (committed offsets, else
     * earliest; read_committed) and EXACTLY_ONCE Kafka sinks with the settings' transactional-id
     * prefix. Checkpointing must be enabled on {@code env} (transactions commit on checkpoints).
     */
    public static void buildKafka(StreamExecutionEnvironment env, KafkaSettings kafka, RegistryConfig registry,
                                  CompressionConfig config) {
        build(env, KafkaSources.raw(kafka, kafka.topics().sensorFrames()).build(), registry,
                Sinks.kafka(kafka, registry, DeliveryGuarantee.EXACTLY_ONCE), config);
    }

    /**
     * Options ({@code --name value}); required: {@code --bootstrap}, {@code --registry},
     * {@code --input-dim}.
     * <ul>
     *   <li>Kafka: {@code --group-id} (sosae-compression), {@code --transactional-id-prefix}
     *       (sosae-compression; unique per job on a cluster), {@code --input-topic},
     *       {@code --codes-topic}, {@code --decoders-topic}, {@code --reports-topic},
     *       {@code --dlq-topic} (DESIGN.md defaults), {@code --kafka.<property> value} passed to
     *       every client (security.protocol, sasl.*, ssl.*)</li>
     *   <li>Flink: {@code --checkpoint-interval-ms} (10000), {@code --parallelism}</li>
     *   <li>Model: {@code --capacity}, {@code --push-lambda}, {@code --push-alpha},
     *       {@code --learning-rate}, {@code --model-seed}, {@code --shared-model-key} (default: one
     *       model per streamId)</li>
     *   <li>Streaming: {@code --train-batch}, {@code --train-every}, {@code --replay-capacity},
     *       {@code --promote-every}, {@code --length-window}, {@code --margin}, {@code --reseed-units},
     *       {@code --tolerance}, {@code --error-tolerance}, {@code --target-error}
     *       (absolute MAE the served codes should hold; 0 = push loss alone decides L),
     *       {@code --prune-slack}</li>
     *   <li>Operator: {@code --encoding} FLOAT32|FLOAT16|INT8, {@code --device} auto|cpu|gpu:N,
     *       {@code --batch-size}, {@code --max-wait-ms}, {@code --max-values},
     *       {@code --torch-threads} (PyTorch threads per TaskManager JVM)</li>
     * </ul>
     */
    public static void main(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        KafkaSettings kafka = kafkaSettings(p);
        RegistryConfig registry = RegistryConfig.of(p.getRequired("registry"));
        CompressionConfig config = config(p);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(p.getLong("checkpoint-interval-ms", 10_000));
        if (p.has("parallelism")) {
            env.setParallelism(p.getInt("parallelism"));
        }
        buildKafka(env, kafka, registry, config);
        env.execute(NAME);
    }

    static KafkaSettings kafkaSettings(ParameterTool p) {
        Topics d = Topics.defaults();
        Topics topics = new Topics(p.get("input-topic", d.sensorFrames()), d.imageFrames(),
                p.get("codes-topic", d.codes()), p.get("decoders-topic", d.decoders()),
                p.get("reports-topic", d.lengthReports()), p.get("dlq-topic", d.deadLetters()));
        KafkaSettings.Builder b = KafkaSettings.builder(p.getRequired("bootstrap"))
                .topics(topics)
                .groupId(p.get("group-id", NAME))
                .transactionalIdPrefix(p.get("transactional-id-prefix", NAME));
        p.toMap().forEach((k, v) -> {
            if (k.startsWith("kafka.")) {
                b.property(k.substring("kafka.".length()), v);
            }
        });
        return b.build();
    }

    static CompressionConfig config(ParameterTool p) {
        CompressionConfig.Builder b = CompressionConfig.builder(p.getInt("input-dim"));
        if (p.has("capacity")) b.capacity(p.getInt("capacity"));
        if (p.has("push-lambda")) b.pushLambda(p.getDouble("push-lambda"));
        if (p.has("push-alpha")) b.pushAlpha(p.getDouble("push-alpha"));
        if (p.has("learning-rate")) b.learningRate(p.getDouble("learning-rate"));
        if (p.has("model-seed")) b.modelSeed(p.getLong("model-seed"));
        if (p.has("train-batch")) b.trainBatch(p.getInt("train-batch"));
        if (p.has("train-every")) b.trainEvery(p.getInt("train-every"));
        if (p.has("replay-capacity")) b.replayCapacity(p.getInt("replay-capacity"));
        if (p.has("promote-every")) b.promoteEvery(p.getInt("promote-every"));
        if (p.has("length-window")) b.lengthWindow(p.getInt("length-window"));
        if (p.has("margin")) b.margin(p.getInt("margin"));
        if (p.has("reseed-units")) b.reseedUnits(p.getInt("reseed-units"));
        if (p.has("tolerance")) b.tolerance(p.getDouble("tolerance"));
        if (p.has("error-tolerance")) b.errorTolerance(p.getDouble("error-tolerance"));
        if (p.has("target-error")) b.targetError(p.getDouble("target-error"));
        if (p.has("prune-slack")) b.pruneSlack(p.getDouble("prune-slack"));
        if (p.has("encoding")) b.encoding(p.get("encoding"));
        if (p.has("device")) b.device(p.get("device"));
        if (p.has("batch-size")) b.batchSize(p.getInt("batch-size"));
        if (p.has("max-wait-ms")) b.maxWait(Duration.ofMillis(p.getLong("max-wait-ms")));
        if (p.has("max-values")) b.maxValues(p.getInt("max-values"));
        if (p.has("torch-threads")) b.torchThreads(p.getInt("torch-threads"));
        if (p.has("shared-model-key")) b.sharedModelKey(p.get("shared-model-key"));
        return b.build();
    }
}
