package io.sosae.connectors.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.sosae.connectors.kafka.KafkaSettings;
import io.sosae.connectors.registry.RegistryConfig;
import io.sosae.connectors.registry.SchemaRegistryClient;
import io.sosae.connectors.serde.ConfluentAvroDeserializer;
import io.sosae.connectors.serde.ConfluentAvroSerializer;
import io.sosae.connectors.testutil.KafkaTestUtils;
import io.sosae.embedded.ApicurioRegistryServer;
import io.sosae.embedded.EmbeddedKafkaBroker;
import io.sosae.schemas.SensorFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FrameProducerITCase {

    private EmbeddedKafkaBroker kafka;
    private ApicurioRegistryServer registryServer;
    private SchemaRegistryClient registry;

    @BeforeAll
    void start() {
        kafka = EmbeddedKafkaBroker.start();
        registryServer = ApicurioRegistryServer.start();
        registry = new SchemaRegistryClient(RegistryConfig.of(registryServer.ccompatUrl()));
    }

    @AfterAll
    void stop() {
        registryServer.close();
        kafka.close();
    }

    @Test
    void producesSimulatedFramesAtTheRequestedRate() {
        KafkaSettings settings = KafkaSettings.builder(kafka.bootstrapServers()).build();
        kafka.createTopic("sim", 1);
        SensorStreamSimulator simulator =
                SensorStreamSimulator.builder().seed(11).schedule("4:150,8:150").build();
        List<Long> progress = new CopyOnWriteArrayList<>();
        FrameProducer<SensorFrame> producer = FrameProducer.builder(
                        settings.producerConfig(), "sim", new ConfluentAvroSerializer<>(registry, SensorFrame.class))
                .key(SensorFrame::getStreamId)
                .ratePerSecond(1000)
                .progress(100, (sent, acked, elapsed) -> progress.add(sent))
                .build();

        long start = System.nanoTime();
        long sent = producer.run(simulator.frames());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(sent).isEqualTo(300);
        assertThat(progress).containsExactly(100L, 200L, 300L, 300L);
        assertThat(took).as("300 records at 1000/s").isGreaterThanOrEqualTo(Duration.ofMillis(290));

        List<ConsumerRecord<byte[], byte[]>> records =
                KafkaTestUtils.readAll(kafka.bootstrapServers(), "sim", "read_committed", 300, Duration.ofSeconds(30));
        ConfluentAvroDeserializer<SensorFrame> deserializer =
                new ConfluentAvroDeserializer<>(registry, SensorFrame.class);
        List<SensorFrame> frames = records.stream()
                .map(r -> deserializer.deserialize("sim", r.value()))
                .toList();
        SensorStreamSimulator replay =
                SensorStreamSimulator.builder().seed(11).schedule("4:150,8:150").build();

        assertThat(frames).hasSize(300);
        assertThat(records).allSatisfy(r -> assertThat(new String(r.key(), StandardCharsets.UTF_8))
                .isEqualTo("sim-0"));
        for (SensorFrame frame : frames) {
            assertThat(frame).isEqualTo(replay.next().frame());
        }
    }

    @Test
    void maxRecordsStopsEarly() {
        KafkaSettings settings = KafkaSettings.builder(kafka.bootstrapServers()).build();
        FrameProducer<SensorFrame> producer = FrameProducer.builder(
                        settings.producerConfig(),
                        "sim-short",
                        new ConfluentAvroSerializer<>(registry, SensorFrame.class))
                .maxRecords(25)
                .build();

        assertThat(producer.run(SensorStreamSimulator.builder()
                        .schedule("3:1000")
                        .build()
                        .frames()))
                .isEqualTo(25);
    }
}
