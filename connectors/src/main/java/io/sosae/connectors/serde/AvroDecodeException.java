package io.sosae.connectors.serde;

import io.sosae.schemas.DeadLetterReason;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A message could not be decoded. Carries the dead-letter reason code: UNDECODABLE (not the wire
 * format, or corrupt Avro) or UNKNOWN_SCHEMA (the registry has no such id, or the writer schema
 * cannot be read as the reader schema). Registry outages are NOT this exception: they surface as
 * {@link io.sosae.connectors.registry.RegistryException}, so a job fails and retries instead of
 * dead-lettering good data.
 */
public class AvroDecodeException extends SerializationException {

    private static final long serialVersionUID = 1L;

    private final DeadLetterReason reason;

    public AvroDecodeException(DeadLetterReason reason, String message) {
        this(reason, message, null);
    }

    public AvroDecodeException(DeadLetterReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public DeadLetterReason reason() {
        return reason;
    }
}
