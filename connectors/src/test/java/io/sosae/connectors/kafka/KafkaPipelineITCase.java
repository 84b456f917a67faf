package io.sosae.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.sosae.connectors.deadletter.DecodeOrDeadLetter;
import io.sosae.connectors.deadletter.SensorFrameValidator;
import io.sosae.connectors.registry.RegistryConfig;
import io.sosae.connectors.registry.SchemaRegistryClient;
import io.sosae.connectors.serde.ConfluentAvroDeserializer;
import io.sosae.connectors.serde.ConfluentAvroSerializer;
import io.sosae.connectors.testutil.KafkaTestUtils;
import io.sosae.connectors.testutil.TestFrames;
import io.sosae.embedded.ApicurioRegistryServer;
import io.sosae.embedded.EmbeddedKafkaBroker;
import io.sosae.schemas.DeadLetter;
import io.sosae.schemas.DeadLetterReason;
import io.sosae.schemas.SensorFrame;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Flink job on a local MiniCluster built only from this module's pieces: raw Kafka source,
 * DecodeOrDeadLetter, exactly-once Avro sinks for frames and dead letters; real broker and registry.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaPipelineITCase {

    private static final int DIM = 8;
    private static final int GOOD = 12;

    private EmbeddedKafkaBroker kafka;
    private ApicurioRegistryServer registryServer;
    private RegistryConfig registry;

    @BeforeAll
    void start() {
        kafka = EmbeddedKafkaBroker.start();
        registryServer = ApicurioRegistryServer.start();
        registry = RegistryConfig.of(registryServer.ccompatUrl());
    }

    @AfterAll
    void stop() {
        registryServer.close();
        kafka.close();
    }

    @Test
    void goodFramesPassExactlyOnceAndBadOnesBecomeDeadLetters(@TempDir Path tmp) throws Exception {
        KafkaSettings settings = KafkaSettings.builder(kafka.bootstrapServers())
                .topics(Topics.defaults().withSensorFrames("in").withDeadLetters("dlq"))
                .groupId("pipeline-test")
                .transactionalIdPrefix("pipeline-test")
                .build();
        kafka.createTopic("in", 1);
        List<SensorFrame> good = produceInput(settings);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConfig(tmp));
        env.setParallelism(1);
        env.enableCheckpointing(500);
        SingleOutputStreamOperator<SensorFrame> frames = env.fromSource(
                        KafkaSources.raw(settings, "in")
                                .setBounded(OffsetsInitializer.latest())
                                .build(),
                        WatermarkStrategy.noWatermarks(),
                        "raw frames")
                .process(new DecodeOrDeadLetter<>(
                        registry, SensorFrame.class, SensorFrameValidator.exactDimension(DIM, 1024)))
                .name("decode");
        frames.sinkTo(KafkaSinks.avro(
                settings,
                registry,
                SensorFrame.class,
                "out",
                DeliveryGuarantee.EXACTLY_ONCE,
                SensorFrame::getStreamId));
        frames.getSideOutput(DecodeOrDeadLetter.DEAD_LETTERS)
                .sinkTo(KafkaSinks.deadLetters(settings, registry, DeliveryGuarantee.EXACTLY_ONCE));
        env.execute("connectors pipeline test");

        SchemaRegistryClient client = new SchemaRegistryClient(registry);
        List<SensorFrame> out = decode(
                KafkaTestUtils.readAll(kafka.bootstrapServers(), "out", "read_committed", GOOD, Duration.ofSeconds(30)),
                new ConfluentAvroDeserializer<>(client, SensorFrame.class),
                "out");
        List<DeadLetter> dead = decode(
                KafkaTestUtils.readAll(kafka.bootstrapServers(), "dlq", "read_committed", 5, Duration.ofSeconds(30)),
                new ConfluentAvroDeserializer<>(client, DeadLetter.class),
                "dlq");

        assertThat(out).containsExactlyElementsOf(good);
        assertThat(dead)
                .extracting(DeadLetter::getReasonCode)
                .containsExactly(
                        DeadLetterReason.UNDECODABLE,
                        DeadLetterReason.WRONG_DIMENSION,
                        DeadLetterReason.NON_FINITE,
                        DeadLetterReason.UNKNOWN_SCHEMA,
                        DeadLetterReason.EMPTY);
        assertThat(dead).allSatisfy(d -> assertThat(d.getSourceTopic()).isEqualTo("in"));
    }

    /** Interleaves good frames with one of each kind of bad input; returns the good frames. */
    private List<SensorFrame> produceInput(KafkaSettings settings) {
        ConfluentAvroSerializer<SensorFrame> serializer =
                new ConfluentAvroSerializer<>(new SchemaRegistryClient(registry), SensorFrame.class);
        List<SensorFrame> good = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < GOOD; i++) {
            SensorFrame frame = TestFrames.sensorFrame(i, DIM);
            good.add(frame);
            values.add(serializer.serialize("in", frame));
            switch (i) {
                case 2 -> values.add("garbage".getBytes(StandardCharsets.UTF_8));
                case 4 -> values.add(serializer.serialize("in", TestFrames.sensorFrame(100, DIM * 2)));
                case 6 -> {
                    SensorFrame nan = TestFrames.sensorFrame(101, DIM);
                    nan.getValues().set(1, Float.NaN);
                    values.add(serializer.serialize("in", nan));
                }
                case 8 -> {
                    byte[] unknown = serializer.serialize("in", TestFrames.sensorFrame(102, DIM));
                    java.nio.ByteBuffer.wrap(unknown).putInt(1, 424_242);
                    values.add(unknown);
                }
                case 10 -> values.add(null);
                default -> {}
            }
        }
        Properties config = settings.producerConfig();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>("in", value));
            }
        }
        return good;
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> List<T> decode(
            List<ConsumerRecord<byte[], byte[]>> records, ConfluentAvroDeserializer<T> deserializer, String topic) {
        return records.stream()
                .map(r -> deserializer.deserialize(topic, r.value()))
                .toList();
    }

    private static Configuration flinkConfig(Path tmp) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.set(CoreOptions.TMP_DIRS, tmp.toString());
        return conf;
    }
}
