package io.sosae.connectors.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.sosae.connectors.registry.RegistryConfig;
import io.sosae.connectors.registry.SchemaRegistryClient;
import io.sosae.connectors.testutil.TestFrames;
import io.sosae.embedded.ApicurioRegistryServer;
import io.sosae.schemas.SensorFrame;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.avro.AvroSchema;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.CachedSchemaRegistryClient;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericData;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericDatumReader;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericDatumWriter;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericRecord;
import org.apache.flink.avro.shaded.org.apache.avro.io.BinaryEncoder;
import org.apache.flink.avro.shaded.org.apache.avro.io.DecoderFactory;
import org.apache.flink.avro.shaded.org.apache.avro.io.EncoderFactory;
import org.apache.flink.formats.avro.registry.confluent.ConfluentSchemaRegistryCoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

// The Confluent peer: Confluent's own registry client and Flink's Confluent coder, relocated inside
// flink-sql-avro-confluent-registry together with their Avro, an implementation independent of ours.
/**
 * Byte compatibility of our wire format with two independent implementations, both directions:
 * Apicurio's own Kafka serde (its default id handling is Confluent's: magic 0 + 4-byte content id,
 * which is what the ccompat API calls the schema id), and Confluent's real registry client with
 * Flink's ConfluentSchemaRegistryCoder (the relocated copies in flink-sql-avro-confluent-registry;
 * that jar has no Confluent KafkaAvroSerializer, and its Flink serialization schemas clash with
 * flink-avro, so the coder and relocated Avro are driven directly).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WireFormatCompatibilityITCase {

    private ApicurioRegistryServer server;
    private SchemaRegistryClient registry;
    private ConfluentAvroSerializer<SensorFrame> ours;
    private ConfluentAvroDeserializer<SensorFrame> oursReader;

    @BeforeAll
    void start() {
        server = ApicurioRegistryServer.start();
        registry = new SchemaRegistryClient(RegistryConfig.of(server.ccompatUrl()));
        ours = new ConfluentAvroSerializer<>(registry, SensorFrame.class);
        oursReader = new ConfluentAvroDeserializer<>(registry, SensorFrame.class);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void apicurioSerdeReadsOurBytes() {
        SensorFrame frame = TestFrames.sensorFrame(1, 16);
        byte[] bytes = ours.serialize("to-apicurio", frame);

        try (AvroKafkaDeserializer<SensorFrame> apicurio = new AvroKafkaDeserializer<>()) {
            apicurio.configure(apicurioConfig(), false);
            Object read = apicurio.deserialize("to-apicurio", bytes);
            assertThat(read).isEqualTo(frame);
        }
    }

    @Test
    void weReadApicurioSerdeBytesAndTheyEqualOurs() {
        SensorFrame frame = TestFrames.sensorFrame(2, 16);
        byte[] expected = ours.serialize("from-apicurio", frame);

        byte[] bytes;
        try (AvroKafkaSerializer<SensorFrame> apicurio = new AvroKafkaSerializer<>()) {
            Map<String, Object> config = apicurioConfig();
            config.put("apicurio.registry.auto-register", "true");
            apicurio.configure(config, false);
            bytes = apicurio.serialize("from-apicurio", frame);
        }

        assertThat(oursReader.deserialize("from-apicurio", bytes)).isEqualTo(frame);
        assertThat(bytes).isEqualTo(expected);
    }

    @Test
    void confluentClientAndCoderReadOurBytes() throws Exception {
        SensorFrame frame = TestFrames.sensorFrame(3, 8);
        byte[] bytes = ours.serialize("to-confluent", frame);
        int id = ConfluentWireFormat.schemaId(bytes);

        CachedSchemaRegistryClient confluent = new CachedSchemaRegistryClient(server.ccompatUrl(), 10);
        AvroSchema confluentView = new AvroSchema(SensorFrame.getClassSchema().toString());
        assertThat(confluent.getSchemaById(id).canonicalString()).isEqualTo(confluentView.canonicalString());
        assertThat(confluent.getId("to-confluent-value", confluentView)).isEqualTo(id);

        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        org.apache.flink.avro.shaded.org.apache.avro.Schema writer =
                new ConfluentSchemaRegistryCoder(confluent).readSchema(in);
        GenericRecord read = new GenericDatumReader<GenericRecord>(writer, relocated(SensorFrame.getClassSchema()))
                .read(null, DecoderFactory.get().binaryDecoder(in, null));

        assertThat(read.get("streamId").toString()).isEqualTo(frame.getStreamId());
        assertThat(read.get("seq")).isEqualTo(frame.getSeq());
        assertThat(read.get("eventTime")).isEqualTo(frame.getEventTime().toEpochMilli());
        assertThat(read.get("values")).isEqualTo(frame.getValues());
        assertThat(((List<?>) read.get("channelNames"))
                        .stream().map(Object::toString).toList())
                .isEqualTo(frame.getChannelNames());
        assertThat(read.get("label")).isEqualTo(frame.getLabel());
        assertThat(in.available()).isZero();
    }

    @Test
    void confluentClientAndCoderWriteTheBytesWeWrite() throws Exception {
        SensorFrame frame = TestFrames.sensorFrame(4, 8);
        byte[] expected = ours.serialize("from-confluent", frame);

        org.apache.flink.avro.shaded.org.apache.avro.Schema schema = relocated(SensorFrame.getClassSchema());
        GenericData.Record record = new GenericData.Record(schema);
        record.put("streamId", frame.getStreamId());
        record.put("seq", frame.getSeq());
        record.put("eventTime", frame.getEventTime().toEpochMilli());
        record.put("values", frame.getValues());
        record.put("channelNames", frame.getChannelNames());
        record.put("label", frame.getLabel());
        CachedSchemaRegistryClient confluent = new CachedSchemaRegistryClient(server.ccompatUrl(), 10);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // Registers under the subject through Confluent's client and writes magic byte + id.
        new ConfluentSchemaRegistryCoder("from-confluent-value", confluent).writeSchema(schema, out);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        byte[] bytes = out.toByteArray();

        assertThat(bytes).isEqualTo(expected);
        assertThat(oursReader.deserialize("from-confluent", bytes)).isEqualTo(frame);
    }

    private Map<String, Object> apicurioConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put("apicurio.registry.url", server.coreApiUrl());
        config.put("apicurio.registry.use-specific-avro-reader", "true");
        return config;
    }

    private static org.apache.flink.avro.shaded.org.apache.avro.Schema relocated(Schema schema) {
        return new org.apache.flink.avro.shaded.org.apache.avro.Schema.Parser().parse(schema.toString());
    }
}
