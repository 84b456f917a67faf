package io.sosae.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sosae.connectors.deadletter.RawKafkaRecord;
import io.sosae.connectors.registry.RegistryConfig;
import io.sosae.schemas.SensorFrame;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {

    @Test
    void passesSecurityPropertiesThroughAndHidesThemInToString() {
        KafkaSettings settings = KafkaSettings.builder("broker:9093")
                .property("security.protocol", "SASL_SSL")
                .property("sasl.jaas.config", "secret-config")
                .groupId("g1")
                .transactionalIdPrefix("job-a")
                .build();

        Properties consumer = settings.consumerConfig();
        Properties producer = settings.producerConfig();

        assertThat(consumer)
                .containsEntry("bootstrap.servers", "broker:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("group.id", "g1")
                .containsEntry("isolation.level", "read_committed");
        assertThat(producer).containsEntry("sasl.jaas.config", "secret-config").containsEntry("acks", "all");
        assertThat(settings.toString()).contains("sasl.jaas.config").doesNotContain("secret-config");
        assertThat(settings.topics()).isEqualTo(Topics.defaults());
        assertThat(Topics.defaults().deadLetters()).isEqualTo("sosae-dlq");
    }

    @Test
    void rejectsBadSettingsClearly() {
        assertThatThrownBy(() -> KafkaSettings.builder(" ")).hasMessageContaining("bootstrapServers");
        assertThatThrownBy(() -> KafkaSettings.builder("b:1").property("bootstrap.servers", "x"))
                .hasMessageContaining("KafkaSettings.builder");
        assertThatThrownBy(() -> KafkaSettings.builder("b:1").transactionTimeout(Duration.ZERO))
                .hasMessageContaining("positive");
    }

    @Test
    void buildsSourcesAndSinks() {
        KafkaSettings plain = KafkaSettings.builder("127.0.0.1:9092").build();
        KafkaSettings transactional = KafkaSettings.builder("127.0.0.1:9092")
                .transactionalIdPrefix("t")
                .build();
        RegistryConfig registry = RegistryConfig.of("http://127.0.0.1:8081/apis/ccompat/v7");

        KafkaSource<RawKafkaRecord> raw =
                KafkaSources.raw(plain, "sensor-frames").build();
        KafkaSource<SensorFrame> avro = KafkaSources.avro(plain, registry, SensorFrame.class, "sensor-frames")
                .build();
        KafkaSink<SensorFrame> sink = KafkaSinks.avro(
                transactional,
                registry,
                SensorFrame.class,
                "out",
                DeliveryGuarantee.EXACTLY_ONCE,
                SensorFrame::getStreamId);

        assertThat(raw.getProducedType().getTypeClass()).isEqualTo(RawKafkaRecord.class);
        assertThat(avro.getProducedType().getTypeClass()).isEqualTo(SensorFrame.class);
        assertThat(sink).isNotNull();
        assertThatThrownBy(() -> KafkaSinks.avro(
                        plain, registry, SensorFrame.class, "out", DeliveryGuarantee.EXACTLY_ONCE, null))
                .hasMessageContaining("transactionalIdPrefix");
    }

    @Test
    void prefixedTopicsAreAllDistinctAndStartWithThePrefix() {
        Topics t = Topics.prefixed("run-7");
        java.util.List<String> names = java.util.List.of(
                t.sensorFrames(),
                t.imageFrames(),
                t.codes(),
                t.decoders(),
                t.lengthReports(),
                t.deadLetters(),
                t.driftAlerts());
        assertThat(names).allSatisfy(n -> assertThat(n).startsWith("run-7-")).doesNotHaveDuplicates();
        assertThat(t.sensorFrames()).isEqualTo("run-7-frames");
        assertThat(t.codes()).isEqualTo("run-7-codes");
    }
}
