package io.sosae.connectors.testutil;

import io.sosae.connectors.kafka.TopicReader;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Test shorthand for {@link TopicReader}. */
public final class KafkaTestUtils {

    private KafkaTestUtils() {}

    /**
     * Reads {@code topic} from the beginning until {@code expected} records arrived or the timeout
     * passed, plus whatever else is already there at that point (e.g. aborted records leaking);
     * returns what arrived.
     */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(
            String bootstrap, String topic, String isolation, int expected, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return TopicReader.withIsolation(p, isolation).readAtLeast(topic, expected, timeout);
    }
}
