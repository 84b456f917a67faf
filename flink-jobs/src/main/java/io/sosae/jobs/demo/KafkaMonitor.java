package io.sosae.jobs.demo;

import io.sosae.connectors.kafka.KafkaSettings;
import io.sosae.connectors.registry.RegistryConfig;
import io.sosae.connectors.registry.SchemaRegistryClient;
import io.sosae.connectors.serde.ConfluentAvroDeserializer;
import io.sosae.schemas.CompressedCode;
import io.sosae.schemas.LengthReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads what the job committed (read_committed): codes into {@link CodeStatistics}, length reports
 * into a list, dead letters into a counter. Runs on its own thread until {@link #stop()}.
 */
public final class KafkaMonitor implements Runnable {
    private final KafkaSettings kafka;
    private final RegistryConfig registry;
    private final CodeStatistics codes;
    private final List<LengthReport> reports = new ArrayList<>();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);

    public KafkaMonitor(KafkaSettings kafka, RegistryConfig registry, CodeStatistics codes) {
        this.kafka = kafka;
        this.registry = registry;
        this.codes = codes;
    }

    @Override
    public void run() {
        Properties p = kafka.consumerConfig();
        p.setProperty(ConsumerConfig.GROUP_ID_CONFIG, "sosae-demo-monitor");
        p.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        SchemaRegistryClient client = new SchemaRegistryClient(registry);
        var codeSerde = new ConfluentAvroDeserializer<>(client, CompressedCode.class);
        var reportSerde = new ConfluentAvroDeserializer<>(client, LengthReport.class);
        String codesTopic = kafka.topics().codes();
        String reportsTopic = kafka.topics().lengthReports();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(codesTopic, reportsTopic, kafka.topics().deadLetters()));
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
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
            }
        }
    }

    public void stop() {
        running.set(false);
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
