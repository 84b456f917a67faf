package io.sosae.connectors.serde;

import io.sosae.connectors.registry.RegistryConfig;
import io.sosae.connectors.registry.SchemaRegistryClient;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * Flink adapter of {@link ConfluentAvroSerializer} for one topic. Only the config travels with the
 * job graph; the registry client is created on the task in {@link #open}.
 */
public final class ConfluentAvroSerializationSchema<T extends SpecificRecord> implements SerializationSchema<T> {

    private static final long serialVersionUID = 1L;

    private final RegistryConfig registryConfig;
    private final Class<T> recordClass;
    private final String topic;
    private transient ConfluentAvroSerializer<T> serializer;

    public ConfluentAvroSerializationSchema(RegistryConfig registryConfig, Class<T> recordClass, String topic) {
        this.registryConfig = Objects.requireNonNull(registryConfig, "registryConfig");
        this.recordClass = Objects.requireNonNull(recordClass, "recordClass");
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    @Override
    public void open(InitializationContext context) {
        serializer = new ConfluentAvroSerializer<>(new SchemaRegistryClient(registryConfig), recordClass);
    }

    @Override
    public byte[] serialize(T element) {
        if (serializer == null) {
            open(null);
        }
        return serializer.serialize(topic, element);
    }
}
