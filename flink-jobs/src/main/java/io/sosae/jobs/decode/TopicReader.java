package io.sosae.jobs.decode;

import java.time.Duration;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kept only for {@code DecodeCommand}'s call: the reading is {@link io.sosae.connectors.kafka.TopicReader}'s.
 * New code should use that class directly.
 */
public final class TopicReader {
    private TopicReader() {}

    /**
     * Delivers at most {@code limit} committed records of {@code topic}, from the beginning up to its
     * end as of the call, to {@code sink}; returns how many.
     *
     * @throws org.apache.kafka.common.errors.TimeoutException if the end is not reached in {@code timeout}
     */
    public static <T> long readAll(Properties clientConfig, String topic, Deserializer<T> deserializer, long limit,
            Duration timeout, Consumer<T> sink) {
        return io.sosae.connectors.kafka.TopicReader.readCommitted(clientConfig)
                .readToEnd(topic, deserializer, limit, timeout, sink);
    }
}
