package io.sosae.connectors.serde;

import io.sosae.connectors.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer writing generated Avro records in the Confluent wire format. The schema is
 * registered under the topic's subject on first use (or only looked up when autoRegister is off,
 * for registries whose subjects are governed elsewhere).
 */
public final class ConfluentAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final SchemaRegistryClient registry;
    private final Schema schema;
    private final boolean autoRegister;
    private final boolean isKey;
    private final SpecificDatumWriter<T> writer;
    private final Map<String, byte[]> headersByTopic = new ConcurrentHashMap<>();

    public ConfluentAvroSerializer(SchemaRegistryClient registry, Class<T> recordClass) {
        this(registry, schemaOf(recordClass), true, false);
    }

    public ConfluentAvroSerializer(SchemaRegistryClient registry, Schema schema, boolean autoRegister, boolean isKey) {
        this.registry = registry;
        this.schema = schema;
        this.autoRegister = autoRegister;
        this.isKey = isKey;
        this.writer = new SpecificDatumWriter<>(schema);
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        byte[] header = headersByTopic.computeIfAbsent(topic, this::headerFor);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(header);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "Cannot write " + schema.getFullName() + " for topic " + topic + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /** The schema id used for this topic (registering the schema if needed). */
    public int schemaId(String topic) {
        return ConfluentWireFormat.schemaId(headersByTopic.computeIfAbsent(topic, this::headerFor));
    }

    private byte[] headerFor(String topic) {
        String subject = SubjectNaming.subject(topic, isKey);
        int id = autoRegister ? registry.register(subject, schema) : registry.lookupId(subject, schema);
        return ConfluentWireFormat.header(id);
    }

    static Schema schemaOf(Class<? extends SpecificRecord> recordClass) {
        return org.apache.avro.specific.SpecificData.get().getSchema(recordClass);
    }
}
