package io.sosae.jobs.job;

import io.sosae.connectors.kafka.KafkaSettings;
import io.sosae.connectors.kafka.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/** The compression job's own options (where it reads and writes), beside {@link io.sosae.jobs.config.CompressionOptions}. */
public final class JobOptions {
    private JobOptions() {}

    private static final Topics TOPICS = Topics.defaults();

    public static final ConfigOption<String> BOOTSTRAP = ConfigOptions.key("bootstrap")
            .stringType()
            .noDefaultValue()
            .withDescription("Kafka bootstrap servers (required).");
    public static final ConfigOption<String> REGISTRY = ConfigOptions.key("registry")
            .stringType()
            .noDefaultValue()
            .withDescription(
                    "Schema registry URL, Confluent API (required), e.g. http://127.0.0.1:8081/apis/ccompat/v7.");
    public static final ConfigOption<String> GROUP_ID = ConfigOptions.key("group-id")
            .stringType()
            .defaultValue(CompressionJob.NAME)
            .withDescription("Kafka consumer group of the source.");
    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX = ConfigOptions.key("transactional-id-prefix")
            .stringType()
            .defaultValue(CompressionJob.NAME)
            .withDescription("Prefix of the sinks' Kafka transactional ids: unique per job on a cluster.");
    public static final ConfigOption<String> INPUT_TOPIC = ConfigOptions.key("input-topic")
            .stringType()
            .defaultValue(TOPICS.sensorFrames())
            .withDescription("Topic of the SensorFrames to compress.");
    public static final ConfigOption<String> CODES_TOPIC = ConfigOptions.key("codes-topic")
            .stringType()
            .defaultValue(TOPICS.codes())
            .withDescription("Topic of the CompressedCodes.");
    public static final ConfigOption<String> DECODERS_TOPIC = ConfigOptions.key("decoders-topic")
            .stringType()
            .defaultValue(TOPICS.decoders())
            .withDescription("Topic of the DecoderSnapshots.");
    public static final ConfigOption<String> REPORTS_TOPIC = ConfigOptions.key("reports-topic")
            .stringType()
            .defaultValue(TOPICS.lengthReports())
            .withDescription("Topic of the LengthReports.");
    public static final ConfigOption<String> DLQ_TOPIC = ConfigOptions.key("dlq-topic")
            .stringType()
            .defaultValue(TOPICS.deadLetters())
            .withDescription("Dead-letter topic.");
    public static final ConfigOption<String> ALERTS_TOPIC = ConfigOptions.key("alerts-topic")
            .stringType()
            .defaultValue(TOPICS.driftAlerts())
            .withDescription("Topic of the DriftAlerts (length and error drift per model key).");
    public static final ConfigOption<String> PIPELINE = ConfigOptions.key("pipeline")
            .stringType()
            .defaultValue("sensors")
            .withDescription("sensors (SensorFrames) or images (ImageFrames of --image-shape, pixels scaled to [0, 1]);"
                    + " for images pass --input-topic of the ImageFrames and --input-dim = width x height x channels.");
    public static final ConfigOption<String> IMAGE_SHAPE = ConfigOptions.key("image-shape")
            .stringType()
            .defaultValue("28x28x1")
            .withDescription("Images: WIDTHxHEIGHTxCHANNELS of every frame (others are dead-lettered).");
    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL = ConfigOptions.key("checkpoint-interval")
            .durationType()
            .noDefaultValue()
            .withDescription("Checkpoint (and Kafka commit) interval, e.g. 10s; unset: the cluster's configuration.");
    public static final ConfigOption<String> STATE_BACKEND = ConfigOptions.key("state-backend")
            .stringType()
            .noDefaultValue()
            .withDescription("Keyed state backend: hashmap (on the heap, full checkpoints) or rocksdb (local disk,"
                    + " incremental checkpoints: resting models cost disk, not memory, for many keys);"
                    + " unset: the cluster's configuration (state.backend.type).");
    public static final ConfigOption<Integer> PARALLELISM = ConfigOptions.key("parallelism")
            .intType()
            .noDefaultValue()
            .withDescription("Job parallelism; unset: the cluster's default.");

    static List<ConfigOption<?>> all() {
        return List.of(
                BOOTSTRAP,
                REGISTRY,
                GROUP_ID,
                TRANSACTIONAL_ID_PREFIX,
                INPUT_TOPIC,
                CODES_TOPIC,
                DECODERS_TOPIC,
                REPORTS_TOPIC,
                DLQ_TOPIC,
                ALERTS_TOPIC,
                PIPELINE,
                IMAGE_SHAPE,
                CHECKPOINT_INTERVAL,
                STATE_BACKEND,
                PARALLELISM);
    }

    static Set<String> keys() {
        return all().stream().map(ConfigOption::key).collect(Collectors.toSet());
    }

    /** The backend {@code --state-backend} names (validated), if given. */
    static Optional<KeyedStateBackend> stateBackend(Configuration conf) {
        return conf.getOptional(STATE_BACKEND).map(KeyedStateBackend::parse);
    }

    static String required(Configuration conf, ConfigOption<String> option) {
        return conf.getOptional(option)
                .orElseThrow(() -> new IllegalArgumentException("--" + option.key() + " is required: "
                        + new org.apache.flink.configuration.description.HtmlFormatter()
                                .format(option.description())
                                .replaceAll("<[^>]+>", "")));
    }

    /** Kafka settings from the options; {@code --kafka.<property>} entries go to every client. */
    static KafkaSettings kafkaSettings(Configuration conf, Map<String, String> args) {
        Topics topics = new Topics(
                conf.get(INPUT_TOPIC),
                TOPICS.imageFrames(),
                conf.get(CODES_TOPIC),
                conf.get(DECODERS_TOPIC),
                conf.get(REPORTS_TOPIC),
                conf.get(DLQ_TOPIC),
                conf.get(ALERTS_TOPIC));
        KafkaSettings.Builder b = KafkaSettings.builder(required(conf, BOOTSTRAP))
                .topics(topics)
                .groupId(conf.get(GROUP_ID))
                .transactionalIdPrefix(conf.get(TRANSACTIONAL_ID_PREFIX));
        args.forEach((k, v) -> {
            if (k.startsWith("kafka.")) {
                b.property(k.substring("kafka.".length()), v);
            }
        });
        return b.build();
    }
}
