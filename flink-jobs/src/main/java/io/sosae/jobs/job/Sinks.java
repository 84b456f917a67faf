package io.sosae.jobs.job;

import io.sosae.connectors.kafka.KafkaSettings;
import io.sosae.connectors.kafka.KafkaSinks;
import io.sosae.connectors.registry.RegistryConfig;
import io.sosae.schemas.CompressedCode;
import io.sosae.schemas.DeadLetter;
import io.sosae.schemas.DecoderSnapshot;
import io.sosae.schemas.DriftAlert;
import io.sosae.schemas.LengthReport;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Where the compression job writes: codes, decoder snapshots, length reports, dead letters, drift
 * alerts. Passed
 * into {@link CompressionJob#build} so tests run the production pipeline against their own sinks.
 */
public record Sinks(
        Sink<CompressedCode> codes,
        Sink<DecoderSnapshot> decoders,
        Sink<LengthReport> lengthReports,
        Sink<DeadLetter> deadLetters,
        Sink<DriftAlert> driftAlerts) {

    public Sinks {
        Objects.requireNonNull(codes, "codes");
        Objects.requireNonNull(decoders, "decoders");
        Objects.requireNonNull(lengthReports, "lengthReports");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(driftAlerts, "driftAlerts");
    }

    /**
     * Kafka sinks to the topics of {@code settings}, Avro in the Confluent wire format. With
     * EXACTLY_ONCE each sink is transactional (its own transactional-id prefix: the settings' prefix
     * plus the topic) and commits when a checkpoint completes, so codes and the snapshots they need
     * become visible to read_committed consumers together. Codes are keyed by streamId (one stream
     * stays ordered in one partition), snapshots, reports and alerts by modelKey.
     */
    public static Sinks kafka(KafkaSettings settings, RegistryConfig registry, DeliveryGuarantee guarantee) {
        var topics = settings.topics();
        return new Sinks(
                KafkaSinks.avro(
                        settings,
                        registry,
                        CompressedCode.class,
                        topics.codes(),
                        guarantee,
                        CompressedCode::getStreamId),
                KafkaSinks.avro(
                        settings,
                        registry,
                        DecoderSnapshot.class,
                        topics.decoders(),
                        guarantee,
                        DecoderSnapshot::getModelKey),
                KafkaSinks.avro(
                        settings,
                        registry,
                        LengthReport.class,
                        topics.lengthReports(),
                        guarantee,
                        LengthReport::getModelKey),
                KafkaSinks.deadLetters(settings, registry, guarantee),
                KafkaSinks.avro(
                        settings,
                        registry,
                        DriftAlert.class,
                        topics.driftAlerts(),
                        guarantee,
                        DriftAlert::getModelKey));
    }
}
