package io.sosae.jobs.bench;

import io.sosae.connectors.kafka.KafkaSettings;
import io.sosae.connectors.registry.RegistryConfig;
import io.sosae.connectors.registry.SchemaRegistryClient;
import io.sosae.connectors.serde.ConfluentAvroDeserializer;
import io.sosae.schemas.CompressedCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A read_committed consumer of the codes topic on its own thread: when each code became visible
 * (System.nanoTime right after the poll that returned it), how many so far, and a callback per code
 * with its (streamId/seq) and that time. fetch.max.wait.ms is short so an idle long poll does not
 * hide a commit for long.
 */
final class CommittedCodeWatcher implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final ConfluentAvroDeserializer<CompressedCode> deserializer;
    private final String topic;
    private final BiConsumer<String, Long> onCode;
    private final AtomicLong count = new AtomicLong();
    private final List<long[]> arrivals = new ArrayList<>();
    private final AtomicReference<Throwable> error = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean running = true;

    private CommittedCodeWatcher(KafkaSettings settings, RegistryConfig registry, BiConsumer<String, Long> onCode) {
        Properties p = new Properties();
        p.putAll(settings.clientConfig());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-watch-" + UUID.randomUUID());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.deserializer = new ConfluentAvroDeserializer<>(new SchemaRegistryClient(registry), CompressedCode.class);
        this.topic = settings.topics().codes();
        this.onCode = onCode;
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::loop, "bench-committed-codes");
        this.thread.setDaemon(true);
    }

    static CommittedCodeWatcher start(KafkaSettings settings, RegistryConfig registry, BiConsumer<String, Long> onCode) {
        CommittedCodeWatcher w = new CommittedCodeWatcher(settings, registry, onCode);
        w.thread.start();
        return w;
    }

    private void loop() {
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(50));
                long now = System.nanoTime();
                if (records.isEmpty()) {
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    if (onCode != null) {
                        CompressedCode c = deserializer.deserialize(topic, r.value());
                        onCode.accept(c.getStreamId() + "/" + c.getSeq(), now);
                    }
                }
                long total = count.addAndGet(records.count());
                synchronized (arrivals) {
                    arrivals.add(new long[] {now, total});
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // closing
        } catch (Throwable t) {
            error.set(t);
        }
    }

    /** Codes seen so far; throws if the consumer thread failed. */
    long count() {
        Throwable t = error.get();
        if (t != null) {
            throw new IllegalStateException("The committed-code consumer failed: " + t, t);
        }
        return count.get();
    }

    /** {nanoTime of the poll, cumulative codes} for every poll that returned codes. */
    List<long[]> arrivals() {
        synchronized (arrivals) {
            return new ArrayList<>(arrivals);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
        consumer.close(Duration.ofSeconds(5));
    }
}
