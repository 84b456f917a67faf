package io.sosae.connectors.kafka;

import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes records with the producer's own timestamp instead of Flink's record timestamp. Flink
 * stamps what an event-time timer emits with the timer's time; the operators flush at the end of
 * input from a timer at {@code Long.MAX_VALUE}, which is no time a Kafka record should carry
 * (brokers reject timestamps far in the future). Every record here has its own time field.
 */
final class ProducerTimestamps<T> implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final KafkaRecordSerializationSchema<T> delegate;

    ProducerTimestamps(KafkaRecordSerializationSchema<T> delegate) {
        this.delegate = delegate;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) throws Exception {
        delegate.open(context, sinkContext);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        return delegate.serialize(element, context, null);
    }
}
