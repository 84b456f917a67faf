package io.sosae.it;

import io.sosae.connectors.registry.RegistryConfig;
import io.sosae.embedded.ApicurioRegistryServer;
import io.sosae.embedded.EmbeddedKafkaBroker;

/**
 * The real embedded runtime of an end-to-end test: an in-JVM KRaft broker and an Apicurio Registry
 * process (Confluent API), with {@link Platform}'s helpers to produce frames, run a local Flink
 * MiniCluster and read committed output.
 */
final class EmbeddedPlatform extends Platform implements AutoCloseable {

    final EmbeddedKafkaBroker kafka;
    final ApicurioRegistryServer registryServer;

    private EmbeddedPlatform(EmbeddedKafkaBroker kafka, ApicurioRegistryServer registryServer) {
        super(kafka.bootstrapServers(), RegistryConfig.of(registryServer.ccompatUrl()));
        this.kafka = kafka;
        this.registryServer = registryServer;
    }

    static EmbeddedPlatform start() {
        EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
        try {
            return new EmbeddedPlatform(kafka, ApicurioRegistryServer.start());
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    @Override
    void createTopic(String name, int partitions) {
        kafka.createTopic(name, partitions);
    }

    @Override
    public void close() {
        try {
            registryServer.close();
        } finally {
            kafka.close();
        }
    }
}
