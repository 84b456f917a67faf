package io.sosae.tools.cli;

import picocli.CommandLine.Option;

/** Where the job's Kafka cluster and schema registry are: the options every Kafka-reading command takes. */
final class KafkaAddress {
    @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(
            names = "--registry",
            required = true,
            description = "Schema registry URL (Confluent API), e.g. http://127.0.0.1:8081/apis/ccompat/v7.")
    String registry;
}
