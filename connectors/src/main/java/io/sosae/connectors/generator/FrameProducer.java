package io.sosae.connectors.generator;

import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces frames from any iterator (a simulator, a dataset replayer) to a Kafka topic at a fixed
 * rate, on any cluster. Fails on the first send error instead of losing records quietly.
 *
 * <pre>{@code
 * FrameProducer<SensorFrame> producer = FrameProducer.builder(settings.producerConfig(), "sensor-frames",
 *         new ConfluentAvroSerializer<>(registry, SensorFrame.class))
 *     .key(SensorFrame::getStreamId).ratePerSecond(500).build();
 * long sent = producer.run(simulator.frames());
 * }</pre>
 */
public final class FrameProducer<T> {

    private final Properties producerConfig;
    private final String topic;
    private final Serializer<T> valueSerializer;
    private final Function<T, String> keyOf;
    private final double ratePerSecond;
    private final long maxRecords;
    private final int progressEvery;
    private final ProgressListener listener;
    private volatile boolean stopRequested;

    private FrameProducer(Builder<T> b) {
        this.producerConfig = b.producerConfig;
        this.topic = b.topic;
        this.valueSerializer = b.valueSerializer;
        this.keyOf = b.keyOf;
        this.ratePerSecond = b.ratePerSecond;
        this.maxRecords = b.maxRecords;
        this.progressEvery = b.progressEvery;
        this.listener = b.listener;
    }

    public static <T> Builder<T> builder(Properties producerConfig, String topic, Serializer<T> valueSerializer) {
        return new Builder<>(producerConfig, topic, valueSerializer);
    }

    /** Asks a running {@link #run} to stop after the current record; it still flushes. */
    public void stop() {
        stopRequested = true;
    }

    /**
     * Sends records until the iterator ends, maxRecords is reached or {@link #stop()} is called,
     * then flushes. Returns the number of records sent (all acknowledged).
     */
    public long run(Iterator<T> records) {
        AtomicLong acknowledged = new AtomicLong();
        AtomicReference<Exception> firstError = new AtomicReference<>();
        long sent = 0;
        long start = System.nanoTime();
        double nanosPerRecord = ratePerSecond > 0 ? 1e9 / ratePerSecond : 0;
        try (KafkaProducer<String, T> producer =
                new KafkaProducer<>(producerConfig, new StringSerializer(), valueSerializer)) {
            while (!stopRequested && sent < maxRecords && records.hasNext()) {
                // Pace against the start time, not the previous record, so short stalls catch up.
                long due = start + (long) (sent * nanosPerRecord);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                throwIfFailed(firstError);
                T record = records.next();
                producer.send(
                        new ProducerRecord<>(topic, keyOf == null ? null : keyOf.apply(record), record),
                        (metadata, error) -> {
                            if (error != null) {
                                firstError.compareAndSet(null, error);
                            } else {
                                acknowledged.incrementAndGet();
                            }
                        });
                sent++;
                if (sent % progressEvery == 0) {
                    listener.onProgress(sent, acknowledged.get(), Duration.ofNanos(System.nanoTime() - start));
                }
            }
            producer.flush();
        }
        throwIfFailed(firstError);
        listener.onProgress(sent, acknowledged.get(), Duration.ofNanos(System.nanoTime() - start));
        return sent;
    }

    private void throwIfFailed(AtomicReference<Exception> firstError) {
        Exception e = firstError.get();
        if (e != null) {
            throw new KafkaException("Producing to " + topic + " failed: " + e.getMessage(), e);
        }
    }

    public static final class Builder<T> {
        private final Properties producerConfig;
        private final String topic;
        private final Serializer<T> valueSerializer;
        private Function<T, String> keyOf;
        private double ratePerSecond;
        private long maxRecords = Long.MAX_VALUE;
        private int progressEvery = 1000;
        private ProgressListener listener = ProgressListener.none();

        private Builder(Properties producerConfig, String topic, Serializer<T> valueSerializer) {
            this.producerConfig = (Properties)
                    Objects.requireNonNull(producerConfig, "producerConfig").clone();
            this.topic = Objects.requireNonNull(topic, "topic");
            this.valueSerializer = Objects.requireNonNull(valueSerializer, "valueSerializer");
        }

        /** Record key, e.g. SensorFrame::getStreamId; default none. */
        public Builder<T> key(Function<T, String> keyOf) {
            this.keyOf = keyOf;
            return this;
        }

        /** Records per second; 0 (default) sends as fast as the producer takes them. */
        public Builder<T> ratePerSecond(double rate) {
            if (rate < 0 || !Double.isFinite(rate)) {
                throw new IllegalArgumentException("rate must be finite and >= 0, got " + rate);
            }
            this.ratePerSecond = rate;
            return this;
        }

        public Builder<T> maxRecords(long maxRecords) {
            if (maxRecords < 0) {
                throw new IllegalArgumentException("maxRecords must be >= 0, got " + maxRecords);
            }
            this.maxRecords = maxRecords;
            return this;
        }

        public Builder<T> progress(int every, ProgressListener listener) {
            if (every < 1) {
                throw new IllegalArgumentException("progress interval must be >= 1 record, got " + every);
            }
            this.progressEvery = every;
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public FrameProducer<T> build() {
            return new FrameProducer<>(this);
        }
    }
}
