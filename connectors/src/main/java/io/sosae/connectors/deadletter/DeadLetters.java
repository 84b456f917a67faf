package io.sosae.connectors.deadletter;

import io.sosae.schemas.DeadLetter;
import io.sosae.schemas.DeadLetterReason;
import java.nio.ByteBuffer;

/** Builds DeadLetter records that keep the original bytes and where they came from. */
public final class DeadLetters {

    /** Reasons can quote exception messages; keep them readable on a dashboard. */
    static final int MAX_REASON_CHARS = 1000;

    /** The dead letter must itself fit a default Kafka message (1 MiB): keep at most 512 KiB of the value. */
    public static final int MAX_KEPT_VALUE_BYTES = 512 * 1024;

    private DeadLetters() {}

    public static DeadLetter of(RawKafkaRecord source, DeadLetterReason code, String reason, long timeMillis) {
        String text = reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) + "..." : reason;
        byte[] value = source.value();
        if (value != null && value.length > MAX_KEPT_VALUE_BYTES) {
            text = text + " [value truncated from " + value.length + " to " + MAX_KEPT_VALUE_BYTES + " bytes]";
            value = java.util.Arrays.copyOf(value, MAX_KEPT_VALUE_BYTES);
        }
        return DeadLetter.newBuilder()
                .setSourceTopic(source.topic())
                .setPartition(source.partition())
                .setOffset(source.offset())
                .setKey(source.key() == null ? null : ByteBuffer.wrap(source.key()))
                .setValue(value == null ? null : ByteBuffer.wrap(value))
                .setReason(text)
                .setReasonCode(code)
                .setTime(timeMillis)
                .build();
    }
}
