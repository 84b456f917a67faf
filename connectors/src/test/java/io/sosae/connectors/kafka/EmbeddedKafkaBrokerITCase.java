package io.sosae.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.sosae.connectors.testutil.KafkaTestUtils;
import io.sosae.embedded.EmbeddedKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedKafkaBrokerITCase {

    private EmbeddedKafkaBroker kafka;

    @BeforeAll
    void start() {
        kafka = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    void stop() {
        Path dir = kafka.logDir();
        kafka.close();
        assertThat(dir).doesNotExist();
    }

    @Test
    void producesAndConsumesOnLoopback() throws Exception {
        assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
        kafka.createTopic("plain", 2);
        try (KafkaProducer<String, String> producer = producer(null)) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("plain", "k" + i, "v" + i)).get();
            }
        }

        List<ConsumerRecord<byte[], byte[]>> records = KafkaTestUtils.readAll(
                kafka.bootstrapServers(), "plain", "read_uncommitted", 10, Duration.ofSeconds(30));

        assertThat(records)
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
    }

    @Test
    void readCommittedSeesOnlyCommittedTransactions() {
        kafka.createTopic("tx", 1);
        try (KafkaProducer<String, String> producer = producer("tx-test")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx", "a1"));
            producer.send(new ProducerRecord<>("tx", "a2"));
            producer.commitTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx", "aborted"));
            producer.flush();
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx", "c1"));
            producer.commitTransaction();
        }

        List<ConsumerRecord<byte[], byte[]>> committed =
                KafkaTestUtils.readAll(kafka.bootstrapServers(), "tx", "read_committed", 3, Duration.ofSeconds(30));
        List<ConsumerRecord<byte[], byte[]>> all =
                KafkaTestUtils.readAll(kafka.bootstrapServers(), "tx", "read_uncommitted", 4, Duration.ofSeconds(30));

        assertThat(committed)
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("a1", "a2", "c1");
        assertThat(all)
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("a1", "a2", "aborted", "c1");
    }

    @Test
    void givenLogDirIsKeptAfterClose(@TempDir Path dir) {
        try (EmbeddedKafkaBroker second =
                EmbeddedKafkaBroker.builder().logDir(dir).start()) {
            assertThat(second.bootstrapServers()).isNotEqualTo(kafka.bootstrapServers());
        }
        assertThat(dir.resolve("meta.properties")).exists();
    }

    private KafkaProducer<String, String> producer(String transactionalId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        if (transactionalId != null) {
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }
}
