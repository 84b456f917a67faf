package io.sosae.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sosae.embedded.EmbeddedKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TopicReaderITCase {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private EmbeddedKafkaBroker kafka;

    @BeforeAll
    void start() {
        kafka = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    void stop() {
        kafka.close();
    }

    @Test
    void readsEveryPartitionToTheEndAndOnlyCommittedRecords() throws Exception {
        kafka.createTopic("rt-multi", 3);
        try (KafkaProducer<String, String> plain = producer(null)) {
            for (int i = 0; i < 30; i++) {
                plain.send(new ProducerRecord<>("rt-multi", i % 3, "k" + i, "v" + i))
                        .get();
            }
        }
        List<String> all = TopicReader.readCommitted(kafka.bootstrapServers())
                .readToEnd("rt-multi", new StringDeserializer(), TIMEOUT);
        assertThat(all).hasSize(30).doesNotHaveDuplicates().contains("v0", "v29");

        kafka.createTopic("rt-tx", 1);
        try (KafkaProducer<String, String> tx = producer("rt-tx");
                KafkaProducer<String, String> open = producer("rt-tx-open")) {
            tx.initTransactions();
            tx.beginTransaction();
            tx.send(new ProducerRecord<>("rt-tx", "a1"));
            tx.send(new ProducerRecord<>("rt-tx", "a2"));
            tx.commitTransaction();
            tx.beginTransaction();
            tx.send(new ProducerRecord<>("rt-tx", "aborted"));
            tx.flush();
            tx.abortTransaction();
            tx.beginTransaction();
            tx.send(new ProducerRecord<>("rt-tx", "c1"));
            tx.commitTransaction();
            // An open transaction holds the last stable offset back: read_committed stops before it
            // instead of waiting for it, read_uncommitted reads through.
            open.initTransactions();
            open.beginTransaction();
            open.send(new ProducerRecord<>("rt-tx", "pending"));
            open.flush();

            TopicReader committed = TopicReader.readCommitted(kafka.bootstrapServers());
            long started = System.nanoTime();
            assertThat(values(committed.readToEnd("rt-tx", TIMEOUT))).containsExactly("a1", "a2", "c1");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));

            TopicReader uncommitted = TopicReader.withIsolation(props(), TopicReader.READ_UNCOMMITTED);
            assertThat(values(uncommitted.readToEnd("rt-tx", TIMEOUT)))
                    .containsExactly("a1", "a2", "aborted", "c1", "pending");
            open.abortTransaction();
        }
    }

    @Test
    void stopsAtTheLimitAndDropsAnyGroupId() throws Exception {
        kafka.createTopic("rt-limit", 1);
        produce("rt-limit", 10);
        Properties withGroup = props();
        withGroup.setProperty("group.id", "must-not-be-joined");
        List<String> got = new ArrayList<>();
        long n = TopicReader.readCommitted(withGroup)
                .readToEnd("rt-limit", new StringDeserializer(), 4, TIMEOUT, got::add);
        assertThat(n).isEqualTo(4);
        assertThat(got).containsExactly("v0", "v1", "v2", "v3");
    }

    @Test
    void readUntilAlsoReturnsWhatLiesBeyondTheConditionAndPartialResultsOnTimeout() throws Exception {
        kafka.createTopic("rt-until", 2);
        produce("rt-until", 12);
        TopicReader reader = TopicReader.readCommitted(kafka.bootstrapServers());

        assertThat(reader.readAtLeast("rt-until", 5, TIMEOUT)).hasSize(12);
        long started = System.nanoTime();
        assertThat(reader.withPollTimeout(Duration.ofMillis(50)).readAtLeast("rt-until", 13, Duration.ofSeconds(2)))
                .hasSize(12);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void missingTopicIsReported() {
        TopicReader reader = TopicReader.readCommitted(kafka.bootstrapServers());
        assertThatThrownBy(() -> reader.readToEnd("rt-nope", Duration.ofSeconds(1)))
                // No partitions, or no metadata at all until the timeout: the client answers either way.
                .isInstanceOfAny(IllegalArgumentException.class, org.apache.kafka.common.errors.TimeoutException.class)
                .hasMessageContaining("'rt-nope'");
        assertThatThrownBy(() -> TopicReader.withIsolation(props(), "read_most"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tailSeesOldAndNewRecordsUntilClosed() throws Exception {
        kafka.createTopic("rt-tail-a", 2);
        kafka.createTopic("rt-tail-b", 1);
        produce("rt-tail-a", 5);
        List<String> seen = new CopyOnWriteArrayList<>();
        List<Long> times = Collections.synchronizedList(new ArrayList<>());
        long before = System.nanoTime();
        TopicReader.Tail tail = TopicReader.readCommitted(kafka.bootstrapServers())
                .withProperty("fetch.max.wait.ms", "20")
                .tail(List.of("rt-tail-a", "rt-tail-b"), "test-tail", (records, at) -> {
                    records.forEach(r -> seen.add(r.topic() + ":" + new String(r.value(), StandardCharsets.UTF_8)));
                    times.add(at);
                });
        try {
            awaitSize(seen, 5, tail);
            try (KafkaProducer<String, String> p = producer(null)) {
                p.send(new ProducerRecord<>("rt-tail-b", "late")).get();
            }
            awaitSize(seen, 6, tail);
            assertThat(tail.isRunning()).isTrue();
        } finally {
            tail.close();
        }
        assertThat(tail.isRunning()).isFalse();
        assertThat(seen)
                .contains("rt-tail-a:v0", "rt-tail-a:v4", "rt-tail-b:late")
                .hasSize(6);
        assertThat(times).allMatch(t -> t - before > 0);
    }

    @Test
    void aFailingHandlerSurfaces() throws Exception {
        kafka.createTopic("rt-tail-fail", 1);
        produce("rt-tail-fail", 1);
        TopicReader.Tail tail = TopicReader.readCommitted(kafka.bootstrapServers())
                .tail(List.of("rt-tail-fail"), "test-tail-fail", (records, at) -> {
                    throw new IllegalArgumentException("bad record");
                });
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (tail.isRunning() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThatThrownBy(tail::throwIfFailed).hasMessageContaining("bad record");
        assertThatThrownBy(tail::close)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bad record");
    }

    private static void awaitSize(List<?> list, int size, TopicReader.Tail tail) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (list.size() < size && System.nanoTime() < deadline) {
            tail.throwIfFailed();
            Thread.sleep(20);
        }
        assertThat(list).hasSizeGreaterThanOrEqualTo(size);
    }

    private static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .toList();
    }

    private void produce(String topic, int n) throws Exception {
        try (KafkaProducer<String, String> p = producer(null)) {
            for (int i = 0; i < n; i++) {
                p.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get();
            }
        }
    }

    private Properties props() {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", kafka.bootstrapServers());
        return p;
    }

    private KafkaProducer<String, String> producer(String transactionalId) {
        Properties p = props();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        if (transactionalId != null) {
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }
}
