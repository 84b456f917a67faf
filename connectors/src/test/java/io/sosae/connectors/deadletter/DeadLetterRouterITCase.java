package io.sosae.connectors.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.sosae.connectors.registry.RegistryConfig;
import io.sosae.connectors.registry.SchemaRegistryClient;
import io.sosae.connectors.serde.ConfluentAvroDeserializer;
import io.sosae.connectors.serde.ConfluentAvroSerializer;
import io.sosae.connectors.testutil.TestFrames;
import io.sosae.embedded.ApicurioRegistryServer;
import io.sosae.schemas.DeadLetter;
import io.sosae.schemas.DeadLetterReason;
import io.sosae.schemas.SensorFrame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Every kind of bad input becomes a dead letter with its reason code; good input passes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeadLetterRouterITCase {

    private static final int DIM = 8;
    private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");

    private ApicurioRegistryServer server;
    private ConfluentAvroSerializer<SensorFrame> serializer;
    private DeadLetterRouter<SensorFrame> router;

    @BeforeAll
    void start() {
        server = ApicurioRegistryServer.start();
        SchemaRegistryClient registry = new SchemaRegistryClient(RegistryConfig.of(server.ccompatUrl()));
        serializer = new ConfluentAvroSerializer<>(registry, SensorFrame.class);
        router = new DeadLetterRouter<>(
                new ConfluentAvroDeserializer<>(registry, SensorFrame.class),
                SensorFrameValidator.exactDimension(DIM, 64),
                4096,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void goodFramePasses() {
        SensorFrame frame = TestFrames.sensorFrame(1, DIM);

        Routed<SensorFrame> routed = router.route(raw(serializer.serialize("in", frame)));

        assertThat(routed).isEqualTo(new Routed.Accepted<>(frame));
    }

    @Test
    void garbageBytesAreUndecodable() {
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);

        DeadLetter dl = rejected(raw(garbage));

        assertThat(dl.getReasonCode()).isEqualTo(DeadLetterReason.UNDECODABLE);
        assertThat(dl.getSourceTopic()).isEqualTo("in");
        assertThat(dl.getPartition()).isEqualTo(2);
        assertThat(dl.getOffset()).isEqualTo(41L);
        assertThat(dl.getKey()).isEqualTo(ByteBuffer.wrap("k".getBytes(StandardCharsets.UTF_8)));
        assertThat(dl.getValue()).isEqualTo(ByteBuffer.wrap(garbage));
        assertThat(dl.getTime()).isEqualTo(NOW.toEpochMilli());
    }

    @Test
    void unknownSchemaIdIsUnknownSchema() {
        byte[] bytes = serializer.serialize("in", TestFrames.sensorFrame(1, DIM));
        ByteBuffer.wrap(bytes).putInt(1, 999_999);

        assertThat(rejected(raw(bytes)).getReasonCode()).isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA);
    }

    @Test
    void wrongDimensionIsRejected() {
        DeadLetter dl = rejected(raw(serializer.serialize("in", TestFrames.sensorFrame(1, DIM + 1))));

        assertThat(dl.getReasonCode()).isEqualTo(DeadLetterReason.WRONG_DIMENSION);
        assertThat(dl.getReason()).contains("9 values, expected 8");
    }

    @Test
    void nanAndInfinityAreNonFinite() {
        assertThat(rejected(raw(serializer.serialize("in", withValue(3, Float.NaN))))
                        .getReasonCode())
                .isEqualTo(DeadLetterReason.NON_FINITE);
        assertThat(rejected(raw(serializer.serialize("in", withValue(0, Float.NEGATIVE_INFINITY))))
                        .getReasonCode())
                .isEqualTo(DeadLetterReason.NON_FINITE);
    }

    @Test
    void emptyFramesAndValuesAreEmpty() {
        SensorFrame empty = TestFrames.sensorFrame(1, DIM);
        empty.setValues(List.of());
        empty.setChannelNames(null);

        assertThat(rejected(raw(serializer.serialize("in", empty))).getReasonCode())
                .isEqualTo(DeadLetterReason.EMPTY);
        assertThat(rejected(raw(null)).getReasonCode()).isEqualTo(DeadLetterReason.EMPTY);
        assertThat(rejected(raw(new byte[0])).getReasonCode()).isEqualTo(DeadLetterReason.EMPTY);
    }

    @Test
    void oversizedFramesAreRejected() {
        SensorFrame big = TestFrames.sensorFrame(1, 65);
        big.setChannelNames(null);
        byte[] huge = Arrays.copyOf(serializer.serialize("in", TestFrames.sensorFrame(1, DIM)), 5000);

        assertThat(rejected(raw(serializer.serialize("in", big))).getReasonCode())
                .isEqualTo(DeadLetterReason.OVERSIZED);
        assertThat(rejected(raw(huge)).getReason()).contains("5000 bytes exceeds the limit of 4096");
    }

    @Test
    void mismatchedChannelNamesAreInvalid() {
        SensorFrame frame = TestFrames.sensorFrame(1, DIM);
        frame.setChannelNames(List.of("only-one"));

        assertThat(rejected(raw(serializer.serialize("in", frame))).getReasonCode())
                .isEqualTo(DeadLetterReason.INVALID);
    }

    private DeadLetter rejected(RawKafkaRecord raw) {
        Routed<SensorFrame> routed = router.route(raw);
        assertThat(routed).isInstanceOf(Routed.Rejected.class);
        return ((Routed.Rejected<SensorFrame>) routed).deadLetter();
    }

    private static SensorFrame withValue(int index, float value) {
        SensorFrame frame = TestFrames.sensorFrame(1, DIM);
        List<Float> values = new ArrayList<>(frame.getValues());
        values.set(index, value);
        frame.setValues(values);
        return frame;
    }

    private static RawKafkaRecord raw(byte[] value) {
        return new RawKafkaRecord("in", 2, 41L, 0L, "k".getBytes(StandardCharsets.UTF_8), value);
    }
}
