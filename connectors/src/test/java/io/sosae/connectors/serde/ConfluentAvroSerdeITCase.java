package io.sosae.connectors.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sosae.connectors.registry.CompatibilityLevel;
import io.sosae.connectors.registry.RegistryConfig;
import io.sosae.connectors.registry.SchemaRegistryClient;
import io.sosae.connectors.testutil.TestFrames;
import io.sosae.embedded.ApicurioRegistryServer;
import io.sosae.schemas.DeadLetterReason;
import io.sosae.schemas.ImageFrame;
import io.sosae.schemas.SensorFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Serializer and deserializer through a real registry: round trips, evolution, bad input. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfluentAvroSerdeITCase {

    private ApicurioRegistryServer server;
    private SchemaRegistryClient registry;
    private ConfluentAvroSerializer<SensorFrame> serializer;
    private ConfluentAvroDeserializer<SensorFrame> deserializer;

    @BeforeAll
    void start() {
        server = ApicurioRegistryServer.start();
        registry = new SchemaRegistryClient(RegistryConfig.of(server.ccompatUrl()));
        serializer = new ConfluentAvroSerializer<>(registry, SensorFrame.class);
        // A separate client, so nothing comes from the serializer's cache.
        deserializer = new ConfluentAvroDeserializer<>(
                new SchemaRegistryClient(RegistryConfig.of(server.ccompatUrl())), SensorFrame.class);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void roundTripsThroughTheRegistry() {
        SensorFrame frame = TestFrames.sensorFrame(3, 16);

        byte[] bytes = serializer.serialize("frames", frame);

        assertThat(bytes[0]).isEqualTo(ConfluentWireFormat.MAGIC_BYTE);
        assertThat(ConfluentWireFormat.schemaId(bytes))
                .isEqualTo(registry.latest("frames-value").id());
        assertThat(deserializer.deserialize("frames", bytes)).isEqualTo(frame);
        assertThat(serializer.serialize("frames", null)).isNull();
        assertThat(deserializer.deserialize("frames", null)).isNull();
    }

    @Test
    void readsDataFromANewerWriterWithAnAddedOptionalField() throws IOException {
        Schema v1 = SensorFrame.getClassSchema();
        Schema v2 = withOptionalSite(v1);
        registry.register("evolving-value", v1);
        registry.setCompatibility("evolving-value", CompatibilityLevel.BACKWARD);
        int v2Id = registry.register("evolving-value", v2);

        SensorFrame original = TestFrames.sensorFrame(9, 4);
        GenericRecord newer = new GenericData.Record(v2);
        for (Schema.Field f : v1.getFields()) {
            newer.put(f.name(), original.get(f.name()));
        }
        newer.put("eventTime", original.getEventTime().toEpochMilli());
        newer.put("site", "plant-7");
        byte[] bytes = wire(v2Id, v2, newer);

        SensorFrame read = deserializer.deserialize("evolving", bytes);

        assertThat(read).isEqualTo(original);
    }

    @Test
    void garbageIsUndecodable() {
        assertReason(new byte[] {1, 2, 3}, DeadLetterReason.UNDECODABLE, "shorter than the 5-byte");
        assertReason("hello, world".getBytes(), DeadLetterReason.UNDECODABLE, "magic byte");
        assertReason(new byte[0], DeadLetterReason.UNDECODABLE, "shorter");
    }

    @Test
    void corruptAvroAfterAValidHeaderIsUndecodable() {
        byte[] good = serializer.serialize("frames", TestFrames.sensorFrame(1, 8));

        byte[] truncated = Arrays.copyOf(good, good.length - 6);
        byte[] trailing = Arrays.copyOf(good, good.length + 3);
        byte[] noise = Arrays.copyOf(good, good.length);
        Arrays.fill(noise, 5, noise.length, (byte) 0xFF);

        assertReason(truncated, DeadLetterReason.UNDECODABLE, "Corrupt Avro");
        assertReason(trailing, DeadLetterReason.UNDECODABLE, "Trailing bytes");
        assertReason(noise, DeadLetterReason.UNDECODABLE, "");
    }

    @Test
    void unknownSchemaIdIsUnknownSchema() {
        byte[] good = serializer.serialize("frames", TestFrames.sensorFrame(1, 8));
        byte[] bytes = Arrays.copyOf(good, good.length);
        ByteBuffer.wrap(bytes).put(1, (byte) 0x7F); // id becomes ~2^31

        assertReason(bytes, DeadLetterReason.UNKNOWN_SCHEMA, "unknown to the registry");
    }

    @Test
    void aWriterSchemaThatCannotBeReadIsUnknownSchema() {
        ImageFrame image = ImageFrame.newBuilder()
                .setStreamId("cam")
                .setSeq(1)
                .setEventTime(java.time.Instant.EPOCH)
                .setWidth(1)
                .setHeight(1)
                .setChannels(1)
                .setPixels(ByteBuffer.wrap(new byte[] {7}))
                .build();
        byte[] bytes = new ConfluentAvroSerializer<>(registry, ImageFrame.class).serialize("images", image);

        assertReason(bytes, DeadLetterReason.UNKNOWN_SCHEMA, "cannot be read as io.sosae.schemas.SensorFrame");
    }

    @Test
    void flinkSchemasRoundTripAndShipAsJavaSerialized() throws Exception {
        RegistryConfig config = RegistryConfig.of(server.ccompatUrl());
        ConfluentAvroSerializationSchema<SensorFrame> out =
                InstantiationUtil.clone(new ConfluentAvroSerializationSchema<>(config, SensorFrame.class, "flink"));
        ConfluentAvroDeserializationSchema<SensorFrame> in =
                InstantiationUtil.clone(new ConfluentAvroDeserializationSchema<>(config, SensorFrame.class, "flink"));
        out.open(null);
        in.open(null);
        SensorFrame frame = TestFrames.sensorFrame(5, 32);

        assertThat(in.deserialize(out.serialize(frame))).isEqualTo(frame);
        assertThat(in.getProducedType()).isInstanceOf(AvroTypeInfo.class);
        assertThat(registry.subjects()).contains("flink-value");
    }

    private void assertReason(byte[] bytes, DeadLetterReason reason, String messagePart) {
        assertThatThrownBy(() -> deserializer.deserialize("frames", bytes))
                .isInstanceOfSatisfying(
                        AvroDecodeException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(messagePart);
    }

    static Schema withOptionalSite(Schema base) {
        List<Schema.Field> fields = new java.util.ArrayList<>();
        for (Schema.Field f : base.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        fields.add(new Schema.Field(
                "site",
                SchemaBuilder.builder().unionOf().nullType().and().stringType().endUnion(),
                "added in v2",
                Schema.Field.NULL_DEFAULT_VALUE));
        return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
    }

    static byte[] wire(int id, Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ConfluentWireFormat.header(id));
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
