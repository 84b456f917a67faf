package io.sosae.tools.demo;

import io.sosae.connectors.kafka.KafkaSettings;
import io.sosae.connectors.kafka.TopicReader;
import io.sosae.connectors.registry.RegistryConfig;
import io.sosae.connectors.registry.SchemaRegistryClient;
import io.sosae.connectors.serde.ConfluentAvroDeserializer;
import io.sosae.schemas.CompressedCode;
import io.sosae.schemas.LengthReport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads what the job committed (read_committed, from the beginning): codes into
 * {@link CodeStatistics}, length reports into a list, dead letters into a counter. {@link #run()}
 * tails the topics with a {@link TopicReader} until {@link #stop()}.
 */
public final class KafkaMonitor implements Runnable {
    private final KafkaSettings kafka;
    private final RegistryConfig registry;
    private final CodeStatistics codes;
    private final List<LengthReport> reports = new ArrayList<>();
    private final AtomicLong deadLetters = new AtomicLong();
    private final CountDownLatch stopped = new CountDownLatch(1);

    public KafkaMonitor(KafkaSettings kafka, RegistryConfig registry, CodeStatistics codes) {
        this.kafka = kafka;
        this.registry = registry;
        this.codes = codes;
    }

    @Override
    public void run() {
        SchemaRegistryClient client = new SchemaRegistryClient(registry);
        var codeSerde = new ConfluentAvroDeserializer<>(client, CompressedCode.class);
        var reportSerde = new ConfluentAvroDeserializer<>(client, LengthReport.class);
        String codesTopic = kafka.topics().codes();
        String reportsTopic = kafka.topics().lengthReports();
        List<String> topics = List.of(codesTopic, reportsTopic, kafka.topics().deadLetters());
        try (TopicReader.Tail tail = TopicReader.readCommitted(kafka.clientConfig())
                .tail(topics, "demo-monitor-poll", (records, at) -> {
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        if (r.topic().equals(codesTopic)) {
                            codes.add(codeSerde.deserialize(r.topic(), r.value()));
                        } else if (r.topic().equals(reportsTopic)) {
                            LengthReport rep = reportSerde.deserialize(r.topic(), r.value());
                            synchronized (reports) {
                                reports.add(rep);
                            }
                        } else {
                            deadLetters.incrementAndGet();
                        }
                    }
                })) {
            while (!stopped.await(200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                tail.throwIfFailed();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public void stop() {
        stopped.countDown();
    }

    public List<LengthReport> reports() {
        synchronized (reports) {
            return List.copyOf(reports);
        }
    }

    public long deadLetters() {
        return deadLetters.get();
    }
}
