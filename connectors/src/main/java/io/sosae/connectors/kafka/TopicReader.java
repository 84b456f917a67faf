package io.sosae.connectors.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The one way this project reads Kafka outside Flink: a plain consumer that joins no group (so it
 * commits nothing and leaves no group behind), is assigned every partition of its topics and starts
 * from the beginning. Reads are read_committed unless built otherwise.
 *
 * <ul>
 *   <li>{@link #readToEnd}: everything up to the end offsets taken when the read starts (under
 *       read_committed the last stable offset, so an open transaction's records are not waited
 *       for); a {@link TimeoutException} if those offsets are not reached in time.</li>
 *   <li>{@link #readUntil}: until a condition on what arrived holds, then the rest of what is there
 *       at that moment; on timeout, whatever arrived (the caller's condition tells it apart).</li>
 *   <li>{@link #tail}: live monitoring on a thread of its own, every non-empty poll handed over with
 *       the {@link System#nanoTime()} right after it returned, until closed.</li>
 * </ul>
 *
 * <pre>{@code
 * List<CompressedCode> codes = TopicReader.readCommitted(settings.clientConfig())
 *         .readToEnd(settings.topics().codes(), deserializer, Duration.ofSeconds(60));
 * }</pre>
 */
public final class TopicReader {
    public static final String READ_COMMITTED = "read_committed";
    public static final String READ_UNCOMMITTED = "read_uncommitted";
    private static final Duration DEFAULT_POLL = Duration.ofMillis(200);
    private static final Duration TAIL_SETUP_TIMEOUT = Duration.ofSeconds(30);

    private final Properties config;
    private final Duration pollTimeout;

    private TopicReader(Properties config, Duration pollTimeout) {
        this.config = config;
        this.pollTimeout = pollTimeout;
    }

    /** A read_committed reader with these client properties (bootstrap servers at least; any group id is dropped). */
    public static TopicReader readCommitted(Properties clientConfig) {
        return withIsolation(clientConfig, READ_COMMITTED);
    }

    public static TopicReader readCommitted(String bootstrapServers) {
        Properties p = new Properties();
        p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return readCommitted(p);
    }

    /** A reader at {@code isolationLevel} ({@value #READ_COMMITTED} or {@value #READ_UNCOMMITTED}). */
    public static TopicReader withIsolation(Properties clientConfig, String isolationLevel) {
        if (!READ_COMMITTED.equals(isolationLevel) && !READ_UNCOMMITTED.equals(isolationLevel)) {
            throw new IllegalArgumentException("isolation level must be " + READ_COMMITTED + " or " + READ_UNCOMMITTED
                    + ", was " + isolationLevel);
        }
        Properties p = new Properties();
        p.putAll(clientConfig);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        p.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Asking for a missing topic's partitions must not create it on a broker that auto-creates.
        p.setProperty(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        return new TopicReader(p, DEFAULT_POLL);
    }

    /** This reader with one more consumer property, e.g. {@code fetch.max.wait.ms} for low-latency tails. */
    public TopicReader withProperty(String key, String value) {
        if (ConsumerConfig.GROUP_ID_CONFIG.equals(key) || ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG.equals(key)) {
            throw new IllegalArgumentException(
                    key + " cannot be set: a TopicReader joins no group and commits nothing");
        }
        Properties p = new Properties();
        p.putAll(config);
        p.setProperty(key, value);
        return new TopicReader(p, pollTimeout);
    }

    /** How long each poll waits for records (default 200 ms). */
    public TopicReader withPollTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("poll timeout must be positive, was " + timeout);
        }
        return new TopicReader(config, timeout);
    }

    // --- bounded reads ----------------------------------------------------------------------------

    /**
     * Hands {@code topic}'s records, from the beginning up to the end offsets as of this call, to
     * {@code sink}, stopping early after {@code limit} records; returns how many it handed over.
     *
     * @throws TimeoutException if the end offsets are not reached (and the limit not hit) within {@code timeout}
     * @throws IllegalArgumentException if the topic does not exist
     */
    public long readToEnd(
            String topic, long limit, Duration timeout, Consumer<? super ConsumerRecord<byte[], byte[]>> sink) {
        long deadline = deadline(timeout);
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = assignFromBeginning(consumer, List.of(topic), deadline);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, remaining(deadline));
            while (count < limit && !reached(consumer, end, deadline)) {
                if (System.nanoTime() - deadline > 0) {
                    throw new TimeoutException("Read " + count + " records of " + topic + " in " + timeout
                            + " without reaching its end offsets " + end + " (positions " + positions(consumer, end)
                            + ")");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(pollTimeout)) {
                    if (count >= limit) {
                        break;
                    }
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        sink.accept(r);
                        count++;
                    }
                }
            }
        }
        return count;
    }

    /** Every record of {@code topic} up to its end offsets as of this call; see {@link #readToEnd(String, long, Duration, Consumer)}. */
    public List<ConsumerRecord<byte[], byte[]>> readToEnd(String topic, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        readToEnd(topic, Long.MAX_VALUE, timeout, out::add);
        return out;
    }

    /** Up to {@code limit} values of {@code topic}, decoded, handed to {@code sink}; returns how many. */
    public <T> long readToEnd(
            String topic, Deserializer<T> deserializer, long limit, Duration timeout, Consumer<? super T> sink) {
        return readToEnd(
                topic, limit, timeout, r -> sink.accept(deserializer.deserialize(r.topic(), r.headers(), r.value())));
    }

    /** Every value of {@code topic} up to its end offsets as of this call, decoded. */
    public <T> List<T> readToEnd(String topic, Deserializer<T> deserializer, Duration timeout) {
        List<T> out = new ArrayList<>();
        readToEnd(topic, deserializer, Long.MAX_VALUE, timeout, out::add);
        return out;
    }

    /**
     * Reads {@code topic} from the beginning until {@code done} holds for the records so far (checked
     * before the first poll and after each), then on to the end offsets as of that moment, so
     * records beyond what the condition asked for (duplicates, leaked aborted records) show up too.
     * Returns what arrived, also when {@code timeout} passes first.
     */
    public List<ConsumerRecord<byte[], byte[]>> readUntil(
            String topic, Predicate<List<ConsumerRecord<byte[], byte[]>>> done, Duration timeout) {
        long deadline = deadline(timeout);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        List<ConsumerRecord<byte[], byte[]>> view = Collections.unmodifiableList(out);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = assignFromBeginning(consumer, List.of(topic), deadline);
            Map<TopicPartition, Long> end = null;
            while (System.nanoTime() - deadline < 0) {
                if (end == null && done.test(view)) {
                    end = consumer.endOffsets(partitions, remaining(deadline));
                }
                if (end != null && reached(consumer, end, deadline)) {
                    break;
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(pollTimeout)) {
                    if (end == null || r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }

    /** {@link #readUntil} at least {@code count} records. */
    public List<ConsumerRecord<byte[], byte[]>> readAtLeast(String topic, int count, Duration timeout) {
        return readUntil(topic, records -> records.size() >= count, timeout);
    }

    // --- live -------------------------------------------------------------------------------------

    /** Receives each non-empty poll of a {@link Tail}, on the tail's thread. */
    @FunctionalInterface
    public interface BatchHandler {
        /** @param polledAtNanos {@link System#nanoTime()} right after the poll returned */
        void onBatch(ConsumerRecords<byte[], byte[]> records, long polledAtNanos) throws Exception;
    }

    /**
     * Starts a daemon thread that reads {@code topics} from the beginning and keeps polling, handing
     * every non-empty batch to {@code handler}, until {@link Tail#close()}. The partitions are
     * assigned before this returns, so a missing topic fails here rather than on the thread.
     */
    public Tail tail(Collection<String> topics, String threadName, BatchHandler handler) {
        Objects.requireNonNull(handler, "handler");
        KafkaConsumer<byte[], byte[]> consumer = consumer();
        try {
            assignFromBeginning(consumer, List.copyOf(topics), deadline(TAIL_SETUP_TIMEOUT));
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
        Tail tail = new Tail(consumer, pollTimeout, handler, threadName);
        tail.thread.start();
        return tail;
    }

    /** A running {@link #tail}. */
    public static final class Tail implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Duration pollTimeout;
        private final BatchHandler handler;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread thread;
        private volatile boolean running = true;

        private Tail(KafkaConsumer<byte[], byte[]> consumer, Duration pollTimeout, BatchHandler handler, String name) {
            this.consumer = consumer;
            this.pollTimeout = pollTimeout;
            this.handler = handler;
            this.thread = new Thread(this::loop, name);
            this.thread.setDaemon(true);
        }

        private void loop() {
            try (consumer) {
                while (running) {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout);
                    long now = System.nanoTime();
                    if (!records.isEmpty()) {
                        handler.onBatch(records, now);
                    }
                }
            } catch (WakeupException e) {
                if (running) {
                    failure.set(e);
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }

        /** Whether the thread is still polling (false once closed or failed). */
        public boolean isRunning() {
            return thread.isAlive() && failure.get() == null;
        }

        /** @throws IllegalStateException if polling or the handler failed */
        public void throwIfFailed() {
            Throwable t = failure.get();
            if (t != null) {
                throw new IllegalStateException("Reading failed on thread " + thread.getName() + ": " + t, t);
            }
        }

        /**
         * Stops polling and waits for the thread (which closes the consumer).
         *
         * @throws IllegalStateException if polling or the handler had failed, or the thread did not stop
         */
        @Override
        public void close() throws InterruptedException {
            running = false;
            consumer.wakeup();
            thread.join(Duration.ofSeconds(10).toMillis());
            if (thread.isAlive()) {
                throw new IllegalStateException("Thread " + thread.getName() + " did not stop within 10 s");
            }
            Throwable t = failure.get();
            if (t != null) {
                throw new IllegalStateException("Reading failed on thread " + thread.getName() + ": " + t, t);
            }
        }
    }

    // --- plumbing ---------------------------------------------------------------------------------

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Assigns every partition of {@code topics} and seeks to their beginning. The client itself
     * waits (up to the deadline) for a topic's metadata, so a topic just created is found.
     */
    private static List<TopicPartition> assignFromBeginning(
            KafkaConsumer<byte[], byte[]> consumer, List<String> topics, long deadline) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos;
            try {
                infos = consumer.partitionsFor(topic, remaining(deadline));
            } catch (TimeoutException e) {
                throw new TimeoutException(
                        "No metadata for topic '" + topic + "' in time: it does not exist, or the "
                                + "cluster is unreachable",
                        e);
            }
            if (infos == null || infos.isEmpty()) {
                throw new IllegalArgumentException("topic '" + topic + "' does not exist");
            }
            infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return partitions;
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end, long deadline) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            // Known locally after the first fetch; the floor only matters for the initial offset lookup.
            Duration wait = Duration.ofNanos(Math.max(1_000_000_000L, deadline - System.nanoTime()));
            if (consumer.position(e.getKey(), wait) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static Map<TopicPartition, Long> positions(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        Map<TopicPartition, Long> at = new LinkedHashMap<>();
        end.keySet().forEach(tp -> at.put(tp, consumer.position(tp, Duration.ofSeconds(5))));
        return at;
    }

    private static long deadline(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }

    /** What is left until {@code deadline}, at least 1 ms (client calls refuse zero). */
    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000L, deadline - System.nanoTime()));
    }
}
