package io.sosae.connectors.serde;

import io.sosae.connectors.registry.RegistryConfig;
import io.sosae.connectors.registry.SchemaRegistryClient;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Flink adapter of {@link ConfluentAvroDeserializer}. A bad message throws
 * {@link AvroDecodeException} and fails the task: use it only on topics this pipeline writes itself.
 * For input topics read raw bytes and route with {@link io.sosae.connectors.deadletter.DecodeOrDeadLetter}.
 */
public final class ConfluentAvroDeserializationSchema<T extends SpecificRecord> implements DeserializationSchema<T> {

    private static final long serialVersionUID = 1L;

    private final RegistryConfig registryConfig;
    private final Class<T> recordClass;
    private final String topic;
    private transient ConfluentAvroDeserializer<T> deserializer;

    public ConfluentAvroDeserializationSchema(RegistryConfig registryConfig, Class<T> recordClass, String topic) {
        this.registryConfig = Objects.requireNonNull(registryConfig, "registryConfig");
        this.recordClass = Objects.requireNonNull(recordClass, "recordClass");
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    @Override
    public void open(InitializationContext context) {
        deserializer = new ConfluentAvroDeserializer<>(new SchemaRegistryClient(registryConfig), recordClass);
    }

    @Override
    public T deserialize(byte[] message) {
        if (deserializer == null) {
            open(null);
        }
        return deserializer.deserialize(topic, message);
    }

    @Override
    public boolean isEndOfStream(T nextElement) {
        return false;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        // flink-avro on the classpath makes this an AvroTypeInfo (Avro serializer, not Kryo).
        return TypeInformation.of(recordClass);
    }
}
