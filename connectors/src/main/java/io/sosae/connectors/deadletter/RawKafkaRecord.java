package io.sosae.connectors.deadletter;

/**
 * A Kafka record as raw bytes plus where it came from, so a decode failure can still name its
 * source topic, partition and offset in the dead letter.
 */
public record RawKafkaRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {}
