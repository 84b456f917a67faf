package io.sosae.connectors.serde;

import io.sosae.connectors.registry.RegistryException;
import io.sosae.connectors.registry.SchemaRegistryClient;
import io.sosae.schemas.DeadLetterReason;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for the Confluent wire format. Resolves the writer schema by id and reads it
 * into the generated (reader) class, so data from newer writers that only added fields with
 * defaults is read. Bad messages throw {@link AvroDecodeException} with a dead-letter reason.
 */
public final class ConfluentAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final SchemaRegistryClient registry;
    private final Class<T> recordClass;
    private final Schema readerSchema;
    private final Map<Integer, SpecificDatumReader<T>> readersByWriterId = new ConcurrentHashMap<>();

    public ConfluentAvroDeserializer(SchemaRegistryClient registry, Class<T> recordClass) {
        this.registry = registry;
        this.recordClass = recordClass;
        this.readerSchema = ConfluentAvroSerializer.schemaOf(recordClass);
    }

    public Class<T> recordClass() {
        return recordClass;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        // Kafka convention: null stays null (tombstones); callers that reject them do so themselves.
        if (data == null) {
            return null;
        }
        int id = ConfluentWireFormat.schemaId(data);
        SpecificDatumReader<T> reader = readersByWriterId.computeIfAbsent(id, this::readerFor);
        BinaryDecoder decoder = DecoderFactory.get()
                .binaryDecoder(
                        data, ConfluentWireFormat.HEADER_SIZE, data.length - ConfluentWireFormat.HEADER_SIZE, null);
        T record;
        try {
            record = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new AvroDecodeException(
                        DeadLetterReason.UNDECODABLE,
                        "Trailing bytes after a " + readerSchema.getName() + " written with schema id " + id);
            }
        } catch (IOException
                | AvroRuntimeException
                | IndexOutOfBoundsException
                | NegativeArraySizeException
                | ClassCastException e) {
            // Corrupt Avro shows up as any of these (EOF, bad union index, absurd lengths).
            throw new AvroDecodeException(
                    DeadLetterReason.UNDECODABLE,
                    "Corrupt Avro data for schema id " + id + " on topic " + topic + ": " + e,
                    e);
        }
        return record;
    }

    private SpecificDatumReader<T> readerFor(int id) {
        Schema writer;
        try {
            writer = registry.getSchemaById(id);
        } catch (RegistryException e) {
            if (e.isNotFound()) {
                throw new AvroDecodeException(
                        DeadLetterReason.UNKNOWN_SCHEMA, "Schema id " + id + " is unknown to the registry", e);
            }
            throw e;
        }
        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writer);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new AvroDecodeException(
                    DeadLetterReason.UNKNOWN_SCHEMA,
                    "Writer schema id " + id + " (" + writer.getFullName() + ") cannot be read as "
                            + readerSchema.getFullName() + ": " + compatibility.getDescription());
        }
        return new SpecificDatumReader<>(writer, readerSchema, SpecificData.getForSchema(readerSchema));
    }
}
