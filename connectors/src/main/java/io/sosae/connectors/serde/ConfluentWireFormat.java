package io.sosae.connectors.serde;

import io.sosae.schemas.DeadLetterReason;
import java.nio.ByteBuffer;

/**
 * Confluent wire format: magic byte 0, the schema id as a 4-byte big-endian int, then the Avro
 * binary encoding of the record.
 */
public final class ConfluentWireFormat {

    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    private ConfluentWireFormat() {}

    public static byte[] header(int schemaId) {
        return ByteBuffer.allocate(HEADER_SIZE).put(MAGIC_BYTE).putInt(schemaId).array();
    }

    /** The schema id in the header; UNDECODABLE if the bytes are not in the wire format. */
    public static int schemaId(byte[] message) {
        if (message == null || message.length < HEADER_SIZE) {
            throw new AvroDecodeException(
                    DeadLetterReason.UNDECODABLE,
                    "Message of " + (message == null ? 0 : message.length)
                            + " bytes is shorter than the 5-byte Confluent header");
        }
        if (message[0] != MAGIC_BYTE) {
            throw new AvroDecodeException(
                    DeadLetterReason.UNDECODABLE,
                    String.format("Unknown magic byte 0x%02x (expected 0x00)", message[0]));
        }
        return ByteBuffer.wrap(message, 1, 4).getInt();
    }
}
