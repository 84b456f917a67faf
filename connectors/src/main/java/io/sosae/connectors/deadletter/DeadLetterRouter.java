package io.sosae.connectors.deadletter;

import io.sosae.connectors.serde.AvroDecodeException;
import io.sosae.connectors.serde.ConfluentAvroDeserializer;
import io.sosae.connectors.serde.ConfluentWireFormat;
import io.sosae.schemas.DeadLetterReason;
import java.time.Clock;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * Decodes and validates one raw record; everything that cannot be used becomes a dead letter with
 * a reason. Registry outages are not the record's fault: they are thrown, not dead-lettered.
 */
public final class DeadLetterRouter<T extends SpecificRecord> {

    private final ConfluentAvroDeserializer<T> deserializer;
    private final RecordValidator<T> validator;
    private final int maxValueBytes;
    private final Clock clock;

    public DeadLetterRouter(
            ConfluentAvroDeserializer<T> deserializer, RecordValidator<T> validator, int maxValueBytes, Clock clock) {
        if (maxValueBytes < ConfluentWireFormat.HEADER_SIZE) {
            throw new IllegalArgumentException(
                    "maxValueBytes must be at least the 5-byte header, got " + maxValueBytes);
        }
        this.deserializer = deserializer;
        this.validator = validator;
        this.maxValueBytes = maxValueBytes;
        this.clock = clock;
    }

    public Routed<T> route(RawKafkaRecord raw) {
        byte[] value = raw.value();
        if (value == null || value.length == 0) {
            return reject(raw, DeadLetterReason.EMPTY, "Record has no value (null or zero bytes)");
        }
        // Checked before decoding so a huge message costs no allocation.
        if (value.length > maxValueBytes) {
            return reject(
                    raw,
                    DeadLetterReason.OVERSIZED,
                    "Value of " + value.length + " bytes exceeds the limit of " + maxValueBytes);
        }
        T record;
        try {
            record = deserializer.deserialize(raw.topic(), value);
        } catch (AvroDecodeException e) {
            return reject(raw, e.reason(), e.getMessage());
        }
        Optional<Violation> violation = validator.validate(record);
        if (violation.isPresent()) {
            return reject(raw, violation.get().code(), violation.get().reason());
        }
        return new Routed.Accepted<>(record);
    }

    private Routed<T> reject(RawKafkaRecord raw, DeadLetterReason code, String reason) {
        return new Routed.Rejected<>(DeadLetters.of(raw, code, reason, clock.millis()));
    }
}
