package io.sosae.tools.bench;

import io.sosae.connectors.kafka.KafkaSettings;
import io.sosae.connectors.kafka.TopicReader;
import io.sosae.connectors.registry.RegistryConfig;
import io.sosae.connectors.registry.SchemaRegistryClient;
import io.sosae.connectors.serde.ConfluentAvroDeserializer;
import io.sosae.schemas.CompressedCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Tails the codes topic read_committed ({@link TopicReader#tail}): when each code became visible
 * (System.nanoTime right after the poll that returned it), how many so far, and a callback per code
 * with its (streamId/seq) and that time. fetch.max.wait.ms is short so an idle long poll does not
 * hide a commit for long.
 */
final class CommittedCodeWatcher implements AutoCloseable {

    private final AtomicLong count = new AtomicLong();
    private final List<long[]> arrivals = new ArrayList<>();
    private final TopicReader.Tail tail;

    private CommittedCodeWatcher(KafkaSettings settings, RegistryConfig registry, BiConsumer<String, Long> onCode) {
        ConfluentAvroDeserializer<CompressedCode> deserializer =
                new ConfluentAvroDeserializer<>(new SchemaRegistryClient(registry), CompressedCode.class);
        String topic = settings.topics().codes();
        this.tail = TopicReader.readCommitted(settings.clientConfig())
                .withProperty("fetch.max.wait.ms", "20")
                .withProperty("max.poll.records", "5000")
                .withPollTimeout(Duration.ofMillis(50))
                .tail(List.of(topic), "bench-committed-codes", (records, now) -> {
                    if (onCode != null) {
                        for (ConsumerRecord<byte[], byte[]> r : records) {
                            CompressedCode c = deserializer.deserialize(topic, r.value());
                            onCode.accept(c.getStreamId() + "/" + c.getSeq(), now);
                        }
                    }
                    long total = count.addAndGet(records.count());
                    synchronized (arrivals) {
                        arrivals.add(new long[] {now, total});
                    }
                });
    }

    static CommittedCodeWatcher start(
            KafkaSettings settings, RegistryConfig registry, BiConsumer<String, Long> onCode) {
        return new CommittedCodeWatcher(settings, registry, onCode);
    }

    /** Codes seen so far; throws if the consumer thread failed. */
    long count() {
        tail.throwIfFailed();
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
        tail.close();
    }
}
