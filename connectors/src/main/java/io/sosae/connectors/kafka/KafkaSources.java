package io.sosae.connectors.kafka;

import io.sosae.connectors.deadletter.RawKafkaRecord;
import io.sosae.connectors.deadletter.RawRecordDeserializationSchema;
import io.sosae.connectors.registry.RegistryConfig;
import io.sosae.connectors.serde.ConfluentAvroDeserializationSchema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Pre-configured Flink {@link KafkaSource} builders. They start from the committed group offsets
 * (earliest when none) and read committed data only; callers may still set bounds and offsets on
 * the returned builder before {@code build()}.
 */
public final class KafkaSources {

    private KafkaSources() {}

    /**
     * Raw bytes with topic/partition/offset, for input topics: decode with
     * {@link io.sosae.connectors.deadletter.DecodeOrDeadLetter} so bad records become dead letters.
     */
    public static KafkaSourceBuilder<RawKafkaRecord> raw(KafkaSettings settings, String... topics) {
        KafkaSourceBuilder<RawKafkaRecord> builder = base(settings, topics);
        return builder.setDeserializer(new RawRecordDeserializationSchema());
    }

    /** Decoded Avro records, for topics this pipeline writes itself (a bad record fails the job). */
    public static <T extends SpecificRecord> KafkaSourceBuilder<T> avro(
            KafkaSettings settings, RegistryConfig registry, Class<T> recordClass, String topic) {
        KafkaSourceBuilder<T> builder = base(settings, topic);
        return builder.setDeserializer(KafkaRecordDeserializationSchema.valueOnly(
                new ConfluentAvroDeserializationSchema<>(registry, recordClass, topic)));
    }

    private static <T> KafkaSourceBuilder<T> base(KafkaSettings settings, String... topics) {
        if (topics.length == 0) {
            throw new IllegalArgumentException("At least one topic is needed");
        }
        KafkaSourceBuilder<T> builder = KafkaSource.builder();
        builder.setProperties(settings.consumerConfig())
                .setBootstrapServers(settings.bootstrapServers())
                .setGroupId(settings.groupId())
                .setTopics(topics)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST));
        return builder;
    }
}
