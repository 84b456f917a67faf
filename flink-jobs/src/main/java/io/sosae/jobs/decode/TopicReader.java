package io.sosae.jobs.decode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a topic from the beginning up to its end as of the call (the last stable offset under
 * read_committed), without joining a consumer group.
 */
public final class TopicReader {
    private TopicReader() {}

    /** Delivers at most {@code limit} committed records of {@code topic} to {@code sink}; returns how many. */
    public static <T> long readAll(Properties clientConfig, String topic, Deserializer<T> deserializer, long limit,
            Duration timeout, Consumer<T> sink) {
        Properties p = new Properties();
        p.putAll(clientConfig);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            c.partitionsFor(topic, timeout).forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
            if (parts.isEmpty()) {
                throw new IllegalArgumentException("topic '" + topic + "' does not exist");
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (count < limit && !reached(c, end) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (count >= limit) {
                        break;
                    }
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        sink.accept(deserializer.deserialize(r.topic(), r.value()));
                        count++;
                    }
                }
            }
        }
        return count;
    }

    private static boolean reached(KafkaConsumer<?, ?> c, Map<TopicPartition, Long> end) {
        for (var e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
