package io.sosae.connectors.deadletter;

import java.nio.ByteBuffer;

import io.sosae.schemas.DeadLetter;
import io.sosae.schemas.DeadLetterReason;

/** Builds DeadLetter records that keep the original bytes and where they came from. */
public final class DeadLetters {

    /** Reasons can quote exception messages; keep them readable on a dashboard. */
    static final int MAX_REASON_CHARS = 1000;

    private DeadLetters() {}

    public static DeadLetter of(RawKafkaRecord source, DeadLetterReason code, String reason, long timeMillis) {
        String text = reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) + "..." : reason;
        return DeadLetter.newBuilder()
                .setSourceTopic(source.topic())
                .setPartition(source.partition())
                .setOffset(source.offset())
                .setKey(source.key() == null ? null : ByteBuffer.wrap(source.key()))
                .setValue(source.value() == null ? null : ByteBuffer.wrap(source.value()))
                .setReason(text)
                .setReasonCode(code)
                .setTime(timeMillis)
                .build();
    }
}
