package io.sosae.connectors.kafka;

import io.sosae.connectors.registry.RegistryConfig;
import io.sosae.connectors.serde.ConfluentAvroSerializationSchema;
import io.sosae.schemas.DeadLetter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchemaBuilder;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Flink {@link KafkaSink}s writing Avro records in the Confluent wire format. EXACTLY_ONCE sinks
 * are transactional: records become visible to read_committed consumers when a checkpoint completes.
 */
public final class KafkaSinks {

    private KafkaSinks() {}

    /**
     * @param keyOf record key (null: no key); keying by streamId keeps a stream ordered on one partition
     */
    public static <T extends SpecificRecord> KafkaSink<T> avro(
            KafkaSettings settings,
            RegistryConfig registry,
            Class<T> recordClass,
            String topic,
            DeliveryGuarantee guarantee,
            SerializableFunction<T, String> keyOf) {
        KafkaRecordSerializationSchemaBuilder<T> record = KafkaRecordSerializationSchema.<T>builder()
                .setTopic(topic)
                .setValueSerializationSchema(new ConfluentAvroSerializationSchema<>(registry, recordClass, topic));
        if (keyOf != null) {
            record.setKeySerializationSchema(new Utf8KeySerializationSchema<>(keyOf));
        }
        KafkaSinkBuilder<T> sink = KafkaSink.<T>builder()
                .setKafkaProducerConfig(settings.clientConfig())
                .setBootstrapServers(settings.bootstrapServers())
                .setRecordSerializer(new ProducerTimestamps<>(record.build()))
                .setDeliveryGuarantee(guarantee);
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            if (settings.transactionalIdPrefix() == null) {
                throw new IllegalArgumentException(
                        "An EXACTLY_ONCE sink to " + topic + " needs KafkaSettings.transactionalIdPrefix(...)");
            }
            // One prefix per sink: two sinks of one job must never share transactional ids.
            sink.setTransactionalIdPrefix(settings.transactionalIdPrefix() + "-" + topic)
                    .setProperty(
                            ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                            Long.toString(settings.transactionTimeout().toMillis()));
        }
        return sink.build();
    }

    /** The dead-letter sink: same guarantee as the main output, keyed by source topic. */
    public static KafkaSink<DeadLetter> deadLetters(
            KafkaSettings settings, RegistryConfig registry, DeliveryGuarantee guarantee) {
        return avro(
                settings,
                registry,
                DeadLetter.class,
                settings.topics().deadLetters(),
                guarantee,
                DeadLetter::getSourceTopic);
    }
}
