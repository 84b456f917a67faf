package io.sosae.connectors.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.util.function.SerializableFunction;

/** Kafka record key = UTF-8 of a field (e.g. streamId), so one stream stays on one partition, in order. */
public final class Utf8KeySerializationSchema<T> implements SerializationSchema<T> {

    private static final long serialVersionUID = 1L;

    private final SerializableFunction<T, String> keyOf;

    public Utf8KeySerializationSchema(SerializableFunction<T, String> keyOf) {
        this.keyOf = keyOf;
    }

    @Override
    public byte[] serialize(T element) {
        String key = keyOf.apply(element);
        return key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    }
}
